// Public API of the demo activity generator: a month of Graph audit and sign-in objects for a demo tenant.
export { demoActivity, MFA_POLICY_NAME, type DemoActivity } from './demo-activity.js';
export { DEFAULT_DAYS, FULL_DENSITY_USERS, MAX_DAYS, defaultDensity, type DemoActivityOptions } from './activity-settings.js';

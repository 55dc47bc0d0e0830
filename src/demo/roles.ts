// Entra built-in directory roles the demo assigns, with their real template ids.
// Ids verified against MicrosoftDocs/entra-docs docs/identity/role-based-access-control/
// permissions-reference.md @ 00fe95d60143bbf5f832cdd8bb74765b182c2d8f ("All roles" table).
// `privileged` marks the includedUserRoles='privilegedAdmin' bucket (entra-rules §1.2).

export interface DemoRole {
  readonly name: string;
  readonly templateId: string;
  readonly privileged: boolean;
  /** Relative share among the demo's ordinary (non-Global) admins: a judgment, see decision 0020. */
  readonly weight: number;
}

export const GLOBAL_ADMINISTRATOR: DemoRole = {
  name: 'Global Administrator',
  templateId: '62e90394-69f5-4237-9190-012177145e10',
  privileged: true,
  weight: 0,
};

export const HELPDESK_ADMINISTRATOR: DemoRole = {
  name: 'Helpdesk Administrator',
  templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  privileged: true,
  weight: 24,
};

export const SECURITY_READER: DemoRole = {
  name: 'Security Reader',
  templateId: '5d6b6bb7-de71-4623-b4af-96380a352509',
  privileged: false,
  weight: 8,
};

/** Every role the demo may assign; the first entry is Global Administrator (weight 0: assigned by hand). */
export const DEMO_ROLES: readonly DemoRole[] = [
  GLOBAL_ADMINISTRATOR,
  HELPDESK_ADMINISTRATOR,
  SECURITY_READER,
  { name: 'User Administrator', templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', privileged: true, weight: 12 },
  { name: 'Security Administrator', templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d', privileged: true, weight: 4 },
  { name: 'Exchange Administrator', templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de', privileged: true, weight: 6 },
  { name: 'SharePoint Administrator', templateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', privileged: true, weight: 5 },
  { name: 'Reports Reader', templateId: '4a5d8f65-41da-4de4-8968-e035b65339cf', privileged: false, weight: 9 },
  { name: 'Global Reader', templateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', privileged: false, weight: 9 },
  { name: 'Authentication Administrator', templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', privileged: true, weight: 6 },
  { name: 'Billing Administrator', templateId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe', privileged: true, weight: 3 },
  { name: 'Conditional Access Administrator', templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', privileged: true, weight: 2 },
  { name: 'Privileged Role Administrator', templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', privileged: false, weight: 1 },
  { name: 'Teams Administrator', templateId: '69091246-20e8-4a56-aa4d-066075b2a7a8', privileged: false, weight: 5 },
  { name: 'Intune Administrator', templateId: '3a2c62db-5318-420d-8d74-23affee5d9d5', privileged: false, weight: 4 },
  { name: 'Application Administrator', templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', privileged: false, weight: 2 },
];

/** Roles an ordinary admin is drawn from (Global Administrator is given only to named accounts). */
export const ORDINARY_ROLES: readonly DemoRole[] = DEMO_ROLES.filter((role) => role.weight > 0);

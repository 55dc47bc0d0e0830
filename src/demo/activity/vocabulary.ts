// The exact strings the demo's audit and sign-in records carry, each with where it comes from.
// V = ../shared/spec/log-samples/vocabulary.sspr-mfa-audit-strings.DERIVED.json; R = entra-rules.md;
// S = a verbatim log sample in ../shared/spec/log-samples; D = an amr decision that maps the string.

/** V auditActivities: services and the activities the reports read (R §4.2). */
export const SERVICE = {
  authenticationMethods: 'Authentication Methods',
  sspr: 'Self-service Password Management',
} as const;

export const ACTIVITY = {
  userRegistered: 'User registered security info',
  adminRegistered: 'Admin registered security info',
  userRegisteredAll: 'User registered all required security info',
  resetFlow: 'Self-service password reset flow activity progress',
  blocked: 'Blocked from self-service password reset',
  resetByAdmin: 'Reset password (by admin)',
  resetSelfService: 'Reset password (self-service)',
  changeSelfService: 'Change password (self-service)',
  unlockSelfService: 'Unlock user account (self-service)',
} as const;

/** V combinedRegistrationResults rows (the "registered all" pair is a summary row the rules skip, D 0040). */
export const REGISTRATION_REASON = {
  allRequired: 'User registered all required security info.',
  canceled: 'User canceled security info registration.',
  /** SigmaHQ/sigma rules/cloud/azure/audit_logs/azure_tap_added.yml @da9bb07d: the status of a TAP creation. */
  temporaryAccessPass: 'Admin registered temporary access pass method for user',
} as const;

/** V "User registered <method>." with V methodNamesInReasons_doc names; other names are D 0040's "UI" names. */
export const registeredReason = (by: 'User' | 'Admin', method: string): string => `${by} registered ${method}.`;
/** Extrapolated from V "User failed to delete <method>." (no failure text of this activity is documented). */
export const failedRegistrationReason = (method: string): string => `User failed to register ${method}.`;

/** SSPR option phrases (V ssprFlowProgress_observed.success; R §3.4 mapping). */
export const SSPR_PHRASE = {
  mobileSms: 'mobile SMS',
  mobileVoice: 'mobile voice call',
  officeVoice: 'office voice call',
  appNotification: 'mobile app notification',
  appCode: 'mobile app code',
  email: 'email',
  securityQuestions: 'security questions',
} as const;
export type SsprOption = keyof typeof SSPR_PHRASE;

/** V ssprFlowProgress_observed.success, verbatim or in its "started/completed the X verification option" template. */
export const FLOW = {
  submittedUserId: 'User submitted their user ID',
  presented: 'User was presented with verification options',
  started: (o: SsprOption) => `User started the ${SSPR_PHRASE[o]} verification option`,
  completed: (o: SsprOption) => `User completed the ${SSPR_PHRASE[o]} verification option`,
  completedAll: 'User completed all verification steps required',
  submittedPassword: 'User submitted a new password',
  succeeded: 'User successfully reset password',
} as const;

/** V ssprResetDetails: Abandoned / Canceled / Failed texts used whole. */
export const FLOW_FAILURE = {
  abandonedAfterUserId: 'User abandoned after entering their user ID',
  abandonedBeforePassword: 'User abandoned before selecting a new password',
  abandonedWhilePassword: 'User abandoned while selecting a new password',
  canceledBeforeMethods: 'User canceled before passing the required authentication methods',
  canceledBeforeSubmit: 'User canceled before submitting a new password',
  insufficientMethods: "User's account has insufficient authentication methods defined. Add authentication info to resolve this",
  notInGroup: 'This user is not a member of the password reset users group. Add this user to that group to resolve this.',
  onPremisesProblem: "We encountered a problem while resetting the user's on-premises password. Check your sync machine's event log",
} as const;

/** V ssprResetDetails Abandoned / ContactedAdmin / Blocked, for the options those classes document (null: none). */
export const ABANDONED_AFTER_STARTING: Readonly<Record<SsprOption, string | null>> = {
  mobileSms: 'User abandoned after starting the mobile SMS verification option',
  mobileVoice: 'User abandoned after starting the mobile voice call verification option',
  officeVoice: 'User abandoned after starting the office voice call verification option',
  email: 'User abandoned after starting the email verification option',
  securityQuestions: 'User abandoned after starting the security questions option',
  appNotification: null,
  appCode: null,
};
export const CONTACTED_ADMIN: Readonly<Record<SsprOption, string | null>> = {
  mobileSms: 'User contacted an admin after trying the mobile SMS verification option',
  mobileVoice: 'User contacted an admin after trying the mobile voice call verification option',
  officeVoice: 'User contacted an admin after trying the office voice call verification option',
  email: 'User contacted an admin after trying the email verification option',
  securityQuestions: 'User contacted an admin after trying the security question verification option',
  appNotification: null,
  appCode: null,
};
export const BLOCKED: Readonly<Record<SsprOption, string | null>> = {
  mobileSms: 'User entered too many invalid SMS verification codes and is blocked for 24 hours',
  mobileVoice: 'User tried mobile phone voice verification too many times and is blocked for 24 hours',
  officeVoice: 'User tried office phone voice verification too many times and is blocked for 24 hours',
  securityQuestions: 'User tried to answer security questions too many times and is blocked for 24 hours',
  email: null,
  appNotification: null,
  appCode: null,
};

/** V resetPasswordSelfService_resultDescription (observed); V changePasswordSelfService_failureReasons (doc). */
export const PASSWORD_REASON = {
  resetCompleted: 'Successfully completed reset.',
  bannedPassword: 'FuzzyPolicyViolationInvalidPassword',
} as const;

/** R §4.2 [S54]: additionalDetails OnPremisesAgent of "Reset password (by admin)". */
export const ON_PREMISES_AGENT = { cloud: 'None', connect: 'Microsoft Entra Connect' } as const;

/** authenticationMethod strings (R §4.4; D 0044 maps every one of them). */
export const SIGN_IN_METHOD = {
  password: 'Password', // S graph.beta.signIn.list.example1.json
  previouslySatisfied: 'Previously satisfied', // S signinlogs.eventhub.elastic-test.jsonl
  textMessage: 'Text message', // R §4.4 observed [S68]
  appNotification: 'Mobile app notification', // R §4.4 observed [S68]
  oathCode: 'OATH verification code', // R §4.4 [S67]
  phoneCall: 'Phone call', // R §4.4 PROPOSAL list
  fido2: 'FIDO2 security key', // R §4.4 observed [S68]
  passkeyDeviceBound: 'Passkey (device-bound)', // R §4.4 observed [S68]
  windowsHello: 'Windows Hello for Business', // R §4.4 observed [S68]
  temporaryAccessPass: 'Temporary Access Pass', // R §4.4 PROPOSAL list
  phoneSignIn: 'Passwordless phone sign-in', // community KQL lists of AuthenticationDetails.authenticationMethod
} as const;

/** authenticationStepResultDetail, authenticationMethodDetail and requirement texts (V logFieldStrings_observed; S). */
export const STEP_TEXT = {
  passwordInCloud: 'Password in the cloud',
  correctPassword: 'Correct password',
  wrongPassword: 'Invalid username or password or Invalid on-premise username or password.',
  firstFactorByToken: 'First factor requirement satisfied by claim in the token',
  mfaByToken: 'MFA requirement satisfied by claim in the token',
  mfaCompleted: 'MFA successfully completed',
  mfaDeclined: 'MFA denied; user declined the authentication',
  mfaWrongNumber: 'MFA denied; user did not select the correct number',
  mfaBadCode: 'MFA denied; invalid verification code',
  primary: 'Primary authentication',
  mfa: 'Multifactor authentication',
} as const;

/** status of failed sign-ins: 50126 from S graph.beta.signIn.list.example1.json; 500121 from R §4.4 [S69] and SigmaHQ azure_mfa_interrupted.yml. */
export const SIGN_IN_ERROR = {
  wrongPassword: {
    errorCode: 50126,
    failureReason: 'Error validating credentials due to invalid username or password.',
    additionalDetails:
      "The user didn't enter the right credentials. \u00a0It's expected to see some number of these errors in your logs due to users making mistakes.",
  },
  mfaDenied: { errorCode: 500121, failureReason: 'Authentication failed during strong authentication request.' },
} as const;

export const REQUIREMENT = { single: 'singleFactorAuthentication', multi: 'multiFactorAuthentication' } as const;

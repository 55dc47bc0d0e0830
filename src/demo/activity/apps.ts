// The Microsoft first-party applications and resources the demo's sign-ins name, with their real ids.
// Azure Portal and its resource: log-samples graph.beta.signIn.list.example1.json. The others are the
// well-known ids that public Conditional Access and KQL write-ups list (Teams 1fec8e78…, OfficeHome 4765445b…,
// Microsoft Office d3590ed6…, Windows Sign In 38aa3b87…; Exchange Online 00000002-0000-0ff1…, Graph 00000003-…).

export interface SignInApp {
  readonly appId: string;
  readonly appDisplayName: string;
  readonly resourceId: string;
  readonly resourceDisplayName: string;
  /** Graph signIn clientAppUsed. */
  readonly clientAppUsed: 'Browser' | 'Mobile Apps and Desktop clients';
}

const GRAPH = { resourceId: '00000003-0000-0000-c000-000000000000', resourceDisplayName: 'Microsoft Graph' } as const;
const EXCHANGE = { resourceId: '00000002-0000-0ff1-ce00-000000000000', resourceDisplayName: 'Office 365 Exchange Online' } as const;

export const APPS = {
  officeHome: { appId: '4765445b-32c6-49b0-83e6-1d93765276ca', appDisplayName: 'OfficeHome', ...GRAPH, clientAppUsed: 'Browser' },
  teams: { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', appDisplayName: 'Microsoft Teams', ...GRAPH, clientAppUsed: 'Mobile Apps and Desktop clients' },
  office: { appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', appDisplayName: 'Microsoft Office', ...EXCHANGE, clientAppUsed: 'Mobile Apps and Desktop clients' },
  azurePortal: {
    appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
    appDisplayName: 'Azure Portal',
    resourceId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
    resourceDisplayName: 'Windows Azure Service Management API',
    clientAppUsed: 'Browser',
  },
  windowsSignIn: {
    appId: '38aa3b87-a06d-4817-b275-7a316988d93b',
    appDisplayName: 'Windows Sign In',
    resourceId: '00000002-0000-0000-c000-000000000000',
    resourceDisplayName: 'Windows Azure Active Directory',
    clientAppUsed: 'Mobile Apps and Desktop clients',
  },
} as const satisfies Readonly<Record<string, SignInApp>>;

/** Apps a day's later sign-ins go to, weighted towards mail and chat (a judgment). */
export const EVERYDAY_APPS: readonly SignInApp[] = [APPS.teams, APPS.teams, APPS.office, APPS.office, APPS.officeHome];

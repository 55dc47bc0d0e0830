// The demo organisation's shape: departments and their job titles, offices, partner domains,
// licences and devices. Weights are judgments for a mid-size multinational (see decision 0020).

export interface Department {
  readonly name: string;
  /** Share of employees, relative. */
  readonly weight: number;
  /** Frontline staff: QR code + PIN sign-in, SMS sign-in, F3 licences, fewer desk devices. */
  readonly frontline: boolean;
  readonly titles: readonly string[];
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Sales',
    weight: 15,
    frontline: false,
    titles: ['Account Executive', 'Sales Manager', 'Sales Development Representative', 'Regional Sales Director', 'Inside Sales Representative'],
  },
  {
    name: 'Customer Support',
    weight: 11,
    frontline: false,
    titles: ['Support Specialist', 'Support Team Lead', 'Customer Success Manager', 'Technical Support Engineer'],
  },
  {
    name: 'Engineering',
    weight: 13,
    frontline: false,
    titles: ['Software Engineer', 'Senior Software Engineer', 'Engineering Manager', 'Site Reliability Engineer', 'QA Engineer', 'Principal Engineer'],
  },
  {
    name: 'Manufacturing',
    weight: 12,
    frontline: true,
    titles: ['Production Operator', 'Shift Supervisor', 'Maintenance Technician', 'Quality Inspector', 'Plant Manager'],
  },
  { name: 'Retail', weight: 6, frontline: true, titles: ['Store Associate', 'Store Manager', 'Cashier', 'Visual Merchandiser'] },
  {
    name: 'Operations',
    weight: 8,
    frontline: false,
    titles: ['Operations Analyst', 'Logistics Coordinator', 'Supply Chain Manager', 'Procurement Specialist'],
  },
  { name: 'Marketing', weight: 6, frontline: false, titles: ['Marketing Manager', 'Content Strategist', 'Product Marketing Manager', 'Brand Designer'] },
  { name: 'Finance', weight: 6, frontline: false, titles: ['Financial Analyst', 'Accountant', 'Controller', 'Payroll Specialist', 'Chief Financial Officer'] },
  { name: 'Human Resources', weight: 4, frontline: false, titles: ['HR Business Partner', 'Recruiter', 'HR Generalist', 'Learning and Development Lead'] },
  {
    name: 'IT',
    weight: 5,
    frontline: false,
    titles: ['Systems Administrator', 'Service Desk Analyst', 'Cloud Architect', 'Identity Engineer', 'IT Manager', 'Security Analyst'],
  },
  { name: 'Legal', weight: 2, frontline: false, titles: ['Corporate Counsel', 'Paralegal', 'Compliance Officer'] },
  { name: 'Research & Development', weight: 7, frontline: false, titles: ['Research Scientist', 'Lab Technician', 'R&D Manager', 'Data Scientist'] },
  { name: 'Facilities', weight: 3, frontline: true, titles: ['Facilities Coordinator', 'Security Officer', 'Building Technician'] },
  { name: 'Executive', weight: 1, frontline: false, titles: ['Chief Executive Officer', 'Chief Operating Officer', 'Vice President', 'Executive Assistant'] },
];

export const IT_DEPARTMENT = DEPARTMENTS.findIndex((d) => d.name === 'IT');
export const ENGINEERING_DEPARTMENT = DEPARTMENTS.findIndex((d) => d.name === 'Engineering');

/** Office by usageLocation; the company's legal entity in that country. */
export const OFFICES: Readonly<Record<string, { readonly city: string; readonly entity: string }>> = {
  US: { city: 'Seattle', entity: 'Inc.' },
  CA: { city: 'Toronto', entity: 'Canada Ltd.' },
  GB: { city: 'London', entity: 'UK Ltd.' },
  IE: { city: 'Dublin', entity: 'Ireland DAC' },
  AU: { city: 'Sydney', entity: 'Australia Pty Ltd' },
  ES: { city: 'Madrid', entity: 'España S.L.' },
  MX: { city: 'Ciudad de México', entity: 'México S.A. de C.V.' },
  AR: { city: 'Buenos Aires', entity: 'Argentina S.R.L.' },
  DE: { city: 'München', entity: 'Deutschland GmbH' },
  AT: { city: 'Wien', entity: 'Österreich GmbH' },
  CH: { city: 'Zürich', entity: 'Schweiz AG' },
  FR: { city: 'Paris', entity: 'France SAS' },
  BE: { city: 'Bruxelles', entity: 'Belgium BV' },
  DK: { city: 'København', entity: 'Danmark ApS' },
  SE: { city: 'Stockholm', entity: 'Sverige AB' },
  NO: { city: 'Oslo', entity: 'Norge AS' },
  IS: { city: 'Reykjavík', entity: 'Ísland ehf.' },
  FI: { city: 'Helsinki', entity: 'Finland Oy' },
  PL: { city: 'Kraków', entity: 'Polska Sp. z o.o.' },
  CZ: { city: 'Brno', entity: 'Česko s.r.o.' },
  IN: { city: 'Bengaluru', entity: 'India Pvt. Ltd.' },
  SG: { city: 'Singapore', entity: 'Singapore Pte. Ltd.' },
  CN: { city: '上海', entity: '(Shanghai) Co., Ltd.' },
  HK: { city: 'Hong Kong', entity: 'Hong Kong Ltd.' },
  JP: { city: '東京', entity: 'Japan K.K.' },
  KR: { city: '서울', entity: 'Korea Ltd.' },
  TR: { city: 'İstanbul', entity: 'Türkiye A.Ş.' },
  NL: { city: 'Amsterdam', entity: 'Nederland B.V.' },
  VN: { city: 'Hồ Chí Minh', entity: 'Vietnam Co., Ltd.' },
  AE: { city: 'Dubai', entity: 'Middle East FZ-LLC' },
  EG: { city: 'Cairo', entity: 'Egypt LLC' },
};

/** The external authentication method (EAM) provider the Engineering pilot uses. */
export const EXTERNAL_METHOD_NAME = 'Cisco Duo';

/** Microsoft's own fictitious company domains: the guests' home tenants. */
export const PARTNER_DOMAINS: readonly string[] = [
  'fabrikam.com',
  'northwindtraders.com',
  'adventure-works.com',
  'tailspintoys.com',
  'wingtiptoys.com',
  'woodgrovebank.com',
  'litwareinc.com',
  'proseware.com',
  'fourthcoffee.com',
  'alpineskihouse.com',
  'wideworldimporters.com',
  'lucernepublishing.com',
];

/** RFC 2606 reserved domains for personal (SSPR) e-mail addresses: never deliverable. */
export const PERSONAL_MAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];

/** NANP area codes used with the fictional 555-0100…0199 exchange. */
export const AREA_CODES: readonly string[] = ['206', '425', '212', '415', '312', '617', '512', '303', '404', '416', '604', '202'];

/** Staffing agencies the contractors come from (Microsoft's fictitious company names). */
export const CONTRACTOR_AGENCIES: readonly string[] = ['Trey Research', 'Litware, Inc.', 'Fabrikam, Inc.', 'A. Datum Corporation', 'Proseware, Inc.'];

export const PHONE_MODELS: readonly string[] = [
  'iPhone 15',
  'iPhone 15 Pro',
  'iPhone 14',
  'iPhone 13',
  'iPhone 16 Pro Max',
  'iPhone SE',
  'Galaxy S24',
  'Galaxy S23',
  'Galaxy A54',
  'Pixel 8',
  'Pixel 7a',
  'moto g84',
  'Xperia 10 V',
];

export const AUTHENTICATOR_VERSIONS: readonly string[] = ['6.8.14', '6.8.11', '6.8.9', '6.2407.4869', '6.2409.6094', '6.2501.0079'];

export const SHARED_MAILBOXES: readonly string[] = [
  'info',
  'support',
  'reception',
  'accounts-payable',
  'hr-enquiries',
  'press',
  'careers',
  'orders',
  'it-servicedesk',
  'invoices',
];

export const ROOM_NAMES: readonly string[] = ['Aurora', 'Borealis', 'Cascade', 'Denali', 'Everest', 'Fjord', 'Glacier', 'Harbour', 'Meridian', 'Summit'];

export const SERVICE_ACCOUNTS: readonly string[] = [
  'svc-backup',
  'svc-sql',
  'svc-scanner',
  'svc-print',
  'svc-crm',
  'svc-erp',
  'svc-monitoring',
  'svc-sharepoint',
  'svc-adsync',
  'svc-teams-rooms',
];

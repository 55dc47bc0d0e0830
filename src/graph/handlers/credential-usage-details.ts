// GET userCredentialUsageDetails (deprecated, graph-api §3.13): the registration and reset events
// of userEventsSummary in legacy method names (mobileSMS, appNotification, fido…; decision 0048).
import { legacyEventMethod, rewriteLegacyEventsFilter } from '../legacy-events.js';
import { eventById, eventsCount, eventsList, type EventsVariant } from './events-summary.js';

const LEGACY: EventsVariant = {
  contract: {
    op: 'userCredentialUsageDetails.list',
    state: () => 0,
  },
  set: 'reports/userCredentialUsageDetails',
  type: 'userCredentialUsageDetails',
  authMethod: (req, e) => legacyEventMethod(e.feature, e.authMethod, req.includeUnknownEnumMembers),
  rewrite: (req, filter) => rewriteLegacyEventsFilter(filter, req.includeUnknownEnumMembers),
};

export const listUserCredentialUsageDetails = eventsList(LEGACY);
export const getUserCredentialUsageDetails = eventById(LEGACY);
export const countUserCredentialUsageDetails = eventsCount(LEGACY);

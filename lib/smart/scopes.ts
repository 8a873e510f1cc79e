/**
 * The SMART scopes Bridge asks for: user-level access (the clinician's own rights on the
 * server decide what Bridge may do for a patient), read and search of patients to match them by
 * MRN, and create/read/update/delete/search of the resources Bridge shares (docs/team.md).
 * SMART App Launch 2.x writes them `user/Observation.cruds`; 1.x servers (no `permission-v2`
 * capability) know only `.read` and `.write`.
 */

/** Resources Bridge only reads: the patient is the EHR's, never Bridge's to change. */
export const READ_ONLY_RESOURCES = ['Patient'] as const;

/** Resources Bridge writes: screenings and scores, referrals and their status, care plans, consents. */
export const SHARED_RESOURCES = ['QuestionnaireResponse', 'Observation', 'ServiceRequest', 'Task', 'CarePlan', 'CareTeam', 'Goal', 'Consent'] as const;

/** offline_access for a refresh token; openid fhirUser to show who is signed in. */
export const IDENTITY_SCOPES = ['offline_access', 'openid', 'fhirUser'] as const;

/** The scope parameter for the server: v2 syntax when it supports `permission-v2`, else v1. */
export function bridgeScopes(permissionV2: boolean): string {
  const resources = permissionV2
    ? [...READ_ONLY_RESOURCES.map((type) => `user/${type}.rs`), ...SHARED_RESOURCES.map((type) => `user/${type}.cruds`)]
    : [...READ_ONLY_RESOURCES.map((type) => `user/${type}.read`), ...SHARED_RESOURCES.flatMap((type) => [`user/${type}.read`, `user/${type}.write`])];
  return [...resources, ...IDENTITY_SCOPES].join(' ');
}

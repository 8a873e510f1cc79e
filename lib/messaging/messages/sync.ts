/** Messages of the clinic FHIR server sync (issue 11). */
export const syncMessages = {} as const;

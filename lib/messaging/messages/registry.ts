/** Messages of the caseload registry (issue 10). */
export const registryMessages = {} as const;

/** Messages of the shared care plan (issue 10). */
export const carePlanMessages = {} as const;

/**
 * Where the EHR page script (entrypoints/ehr-page, injected by the background after the page has
 * loaded) leaves its start function in the extension's isolated world, for the start-up script
 * (entrypoints/ehr-boot.ts) to call with the background's `ehr.start` reply. The page cannot see
 * the isolated world's globals.
 */
export const EHR_PAGE_START = Symbol.for('bridge.ehr-page.start');

/**
 * Saves text as a file on this computer through a blob URL and the browser's download: nothing is
 * uploaded anywhere. For extension pages only (it needs `document`).
 */
export function saveTextFile(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

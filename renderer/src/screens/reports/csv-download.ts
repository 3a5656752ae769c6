/**
 * Saves CSV text as a file through a Blob link: no Node, no extra window, and the CSP allows
 * it. The BOM makes spreadsheet programs read the text as UTF-8.
 */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled, or some engines cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

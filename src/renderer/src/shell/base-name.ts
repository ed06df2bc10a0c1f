/** The file name of a path, for either separator (the case file may live on Windows or Unix). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

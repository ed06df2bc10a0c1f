/** A bench's `--name=value` argument (the text after the first `=`), or undefined. */
export const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

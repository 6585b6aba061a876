/**
 * A closed list of codes written once, as the table of their labels: the codes are the table's
 * keys, in its order. No imports: the mini-program loads the rules files that use it at run time.
 */
export function codesOf<Code extends string>(labels: Readonly<Record<Code, string>>): readonly Code[] {
  return Object.keys(labels) as Code[]
}

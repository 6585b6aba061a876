/** A build failure whose message names the file or package at fault; printed without a stack. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BuildError'
  }
}

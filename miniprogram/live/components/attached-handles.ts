/**
 * The handle each stream component (zego-pusher, zego-player) gave the zego service, kept per
 * component instance so that detached() hands back that same handle, then retires it: a late
 * setData callback must not touch a component that is gone.
 */
export class AttachedHandles<H> {
  private readonly byComponent = new WeakMap<object, { handle: H; retire(): void }>()

  constructor(private readonly detach: (handle: H) => void) {}

  keep(component: object, handle: H, retire: () => void): void {
    this.byComponent.set(component, { handle, retire })
  }

  /** The component detached: the service lets go of its handle first, then the handle goes quiet. */
  release(component: object): void {
    const attached = this.byComponent.get(component)
    if (!attached) return
    this.detach(attached.handle)
    attached.retire()
    this.byComponent.delete(component)
  }
}

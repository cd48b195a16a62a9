/**
 * Which lineage hops a claim forwards, and in which order: the one rule the SDK's log scan and the
 * indexer share. Lineages are trees (each model has at most one parent, which existed before it), and
 * the registry caps no depth, so neither does this.
 */

/** A model and its parent (absent or undefined for a base model). */
export interface LineageNode<Id extends string = string> {
  id: Id;
  parent?: Id | null;
}

/** One hop: what `child`'s pool has credited to `parent` moves into `parent`'s pool. */
export interface Hop<Id extends string = string> {
  child: Id;
  parent: Id;
}

/**
 * The hops that feed `models`' pools: every model derived from them at any depth, deepest first, so each
 * forward carries what the hops below it just forwarded. A child reachable from two listed models (one an
 * ancestor of the other) is listed once, at its greater depth. Iterative, so any depth fits.
 *
 * @example
 * forwardsInto([{ id: base }, { id: tune, parent: base }], [base]); // [{ child: tune, parent: base }]
 */
export function forwardsInto<Id extends string>(lineage: readonly LineageNode<Id>[], models: Iterable<Id>): Hop<Id>[] {
  const children = new Map<Id, Id[]>();
  for (const m of lineage) {
    if (m.parent === undefined || m.parent === null) continue;
    const list = children.get(m.parent);
    if (list === undefined) children.set(m.parent, [m.id]);
    else list.push(m.id);
  }
  const depthOf = new Map<Id, { parent: Id; depth: number }>();
  const stack: { model: Id; depth: number }[] = [...new Set(models)].map((model) => ({ model, depth: 0 }));
  while (stack.length > 0) {
    const { model, depth } = stack.pop()!;
    for (const child of children.get(model) ?? []) {
      const seen = depthOf.get(child);
      if (seen !== undefined && seen.depth >= depth) continue;
      depthOf.set(child, { parent: model, depth });
      stack.push({ model: child, depth: depth + 1 });
    }
  }
  return [...depthOf.entries()]
    .sort(([, a], [, b]) => b.depth - a.depth)
    .map(([child, { parent }]) => ({ child, parent }));
}

/**
 * The hops of `hops` (deepest first) worth sending: those with something to forward now (`due`, aligned),
 * and those whose child a kept hop below forwards into (their amount grows when it runs).
 */
export function hopsWorthSending<Id extends string>(hops: readonly Hop<Id>[], due: readonly bigint[]): Hop<Id>[] {
  const fed = new Set<Id>();
  return hops.filter((hop, i) => {
    if (due[i] === 0n && !fed.has(hop.child)) return false;
    fed.add(hop.parent);
    return true;
  });
}

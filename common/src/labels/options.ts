/** `{ value, label }` options for a select, in the vocabulary's order (a value list and its labels from this folder). */
export const optionsOf = <K extends string>(values: readonly K[], labels: Record<K, string>) =>
  values.map((value) => ({ value, label: labels[value] }));

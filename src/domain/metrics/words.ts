/** "1 account", "3 accounts": counts in explanation texts. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

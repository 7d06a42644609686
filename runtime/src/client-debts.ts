/**
 * Server mode: the replies clients still owe for commands sent to every client. DataMiner has no
 * correlation id, so a client's replies can only be attributed by order: when A's reply settles a
 * command that A and B got, B's next reply of that pair is its answer to that command, never to a later
 * call. Until it comes, B's messages are matched against the owing pair alone and a match pays the debt
 * (its values are stored as push data); one timeout of the command later, B will not send it.
 *
 *   getConfig() to A and B, A answers        → B owes one getConfig reply
 *   B sends `g…` while getConfig() #2 waits  → the debt is paid; #2 waits on
 *
 * A debt never holds the queue: the call in flight is settled by the clients that owe nothing.
 */
import type { PairPlan } from './plan.js';

/** One owing pair's replies from one client, forgiven when its timer fires. */
interface Debt {
  readonly plan: PairPlan;
  count: number;
  timer: NodeJS.Timeout | undefined;
}

export class ClientDebts {
  /** Each client's debts, oldest first: its replies come in the order it was sent the commands. */
  readonly #debts = new Map<string, Debt[]>();

  /** The pair `client`'s next reply belongs to, when it owes one. */
  owing(client: string): PairPlan | undefined {
    return this.#debts.get(client)?.[0]?.plan;
  }

  /** `client` owes `count` replies of `plan`, for at most `ms`. */
  add(client: string, plan: PairPlan, count: number, ms: number): void {
    if (count <= 0) return;
    const debt: Debt = { plan, count, timer: undefined };
    debt.timer = setTimeout(ClientDebts.#forgive, ms, this, client, debt);
    const debts = this.#debts.get(client);
    if (debts === undefined) this.#debts.set(client, [debt]);
    else debts.push(debt);
  }

  /** A reply of the owing pair came from `client`: one is paid. False when it owed nothing. */
  pay(client: string): boolean {
    const debts = this.#debts.get(client);
    const debt = debts?.[0];
    if (debts === undefined || debt === undefined) return false;
    if (--debt.count > 0) return true;
    clearTimeout(debt.timer);
    debts.shift();
    if (debts.length === 0) this.#debts.delete(client);
    return true;
  }

  /** `client` left: what it owed goes with it. */
  forget(client: string): void {
    for (const debt of this.#debts.get(client) ?? []) clearTimeout(debt.timer);
    this.#debts.delete(client);
  }

  /** The socket is gone: nobody owes anything. */
  clear(): void {
    for (const client of [...this.#debts.keys()]) this.forget(client);
  }

  /** `debt`'s time is up: `client` will not send those replies. */
  static #forgive(debts: ClientDebts, client: string, debt: Debt): void {
    const owed = debts.#debts.get(client);
    const index = owed?.indexOf(debt) ?? -1;
    if (owed === undefined || index === -1) return;
    owed.splice(index, 1);
    if (owed.length === 0) debts.#debts.delete(client);
  }
}

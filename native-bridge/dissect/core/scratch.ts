/**
 * A frame's scratch entries between layers: a few keys at most, so two short arrays searched in
 * order, emptied without allocating (a Map's clear() makes a new table each frame).
 */
export class Scratch {
  readonly #keys: string[] = [];
  readonly #values: unknown[] = [];
  #size = 0;

  get(key: string): unknown {
    for (let i = 0; i < this.#size; i++) if (this.#keys[i] === key) return this.#values[i];
    return undefined;
  }

  set(key: string, value: unknown): this {
    for (let i = 0; i < this.#size; i++)
      if (this.#keys[i] === key) {
        this.#values[i] = value;
        return this;
      }
    this.#keys[this.#size] = key;
    this.#values[this.#size++] = value;
    return this;
  }

  clear(): void {
    for (let i = 0; i < this.#size; i++) this.#values[i] = undefined; // let go of what the frame put there
    this.#size = 0;
  }
}

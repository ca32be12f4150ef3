/** Open Recent: the last files opened, newest first, kept in the user-data folder. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MAX = 10;

export class RecentFiles {
  readonly #file: string;
  #list: string[];

  constructor(userData: string) {
    this.#file = path.join(userData, 'recent-files.json');
    this.#list = RecentFiles.#load(this.#file);
  }

  static #load(file: string): string[] {
    try {
      const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
    } catch {
      return [];
    }
  }

  list(): readonly string[] {
    return this.#list;
  }

  add(file: string): void {
    this.#list = [file, ...this.#list.filter((f) => f !== file)].slice(0, MAX);
    this.#save();
  }

  clear(): void {
    this.#list = [];
    this.#save();
  }

  #save(): void {
    try {
      writeFileSync(this.#file, JSON.stringify(this.#list));
    } catch {
      // A read-only profile only loses the list.
    }
  }
}

export type ThemeName = 'light' | 'dark';

const KEY = 'segbook-theme';

/** Light or dark, following the system until the user picks one. */
export class Theme {
  current: ThemeName = $state('light');

  constructor() {
    const saved = localStorage.getItem(KEY);
    this.current = saved === 'dark' || saved === 'light' ? saved : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    this.#apply();
  }

  toggle(): void {
    this.current = this.current === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, this.current);
    this.#apply();
  }

  #apply(): void {
    document.documentElement.dataset.theme = this.current;
  }
}

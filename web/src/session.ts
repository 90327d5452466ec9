/**
 * The signed-in token, kept in sessionStorage: it lasts while the tab is open and is not shared with other tabs
 * or kept after the browser closes, so a token pasted on a shared machine does not linger.
 * @module
 */
const KEY = 'salesops.token';

export const storedToken = (): string | null => sessionStorage.getItem(KEY);
export const storeToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);

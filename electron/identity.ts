/**
 * The app's one name. Development (`electron .`) and packaged builds both set it, with the
 * user-data folder named after it, before anything reads that folder (the single-instance lock,
 * Open Recent): otherwise a development run is "Electron" in ~/.config/Electron and a packaged
 * one is whatever electron-builder wrote. package.json's productName and electron-builder.yml's
 * productName say the same (test/electron/identity.test.ts checks).
 */
import path from 'node:path';

export const APP_NAME = 'Wirepool';

/** The user-data folder inside Electron's `appData` (~/.config, %APPDATA%, ~/Library/Application Support). */
export function userDataDir(appData: string): string {
  return path.join(appData, APP_NAME);
}

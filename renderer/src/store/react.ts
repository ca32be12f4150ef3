import { createContext, createElement, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { UiActions, UiState, UiStore } from './ui-store.js';

/** The React binding of the store core (ui-store.ts knows nothing of React). */
const StoreContext = createContext<UiStore | undefined>(undefined);

export function StoreProvider({ store, children }: { store: UiStore; children?: ReactNode }): ReactNode {
  return createElement(StoreContext.Provider, { value: store }, children);
}

export function useUiStore(): UiStore {
  const store = useContext(StoreContext);
  if (store === undefined) throw new Error('useUi outside <StoreProvider>');
  return store;
}

/** Subscribes to one slice of the state; the component re-renders when that slice changes. */
export function useUi<T>(selector: (s: UiState & UiActions) => T): T {
  return useStore(useUiStore(), selector);
}

// Every unit test gets a fresh in-memory IndexedDB, so Dexie code runs as it does in the browser.
import 'fake-indexeddb/auto';

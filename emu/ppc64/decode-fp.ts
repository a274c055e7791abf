import type { Op } from './cpu.js';
export function decodeFp(_w: number): Op | null { return null; }

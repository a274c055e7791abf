// The start-up breakdown of `npm run bench` (bench/run.ts) runs this in a fresh node: what
// loading the Unicorn engine's library costs on its own (koffi, libunicorn and the functions
// tricorn declares), the part of a Unicorn guest's start-up a PPC64 guest never pays.
import { loadBinding } from '../emu/unicorn/binding.js';

loadBinding();

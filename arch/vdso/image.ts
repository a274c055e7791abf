// The committed vDSO images (images.ts, made by scripts/build-vdso.sh) as bytes.
import { vdsoImages } from './images.js';

/** The vDSO image of `arch`: its base64 decoded (atob: no Node API, as arch/ runs anywhere). */
export function vdsoImage(arch: string): Uint8Array {
  const text = atob(vdsoImages[arch]);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

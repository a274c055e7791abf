// The Keystone and Capstone WebAssembly packages ship no type declarations: each default
// export is a factory that resolves to the loaded module (constants and a class).
declare module '@alexaltea/keystone-js' {
  const factory: () => Promise<any>;
  export default factory;
}
declare module '@alexaltea/capstone-js' {
  const factory: () => Promise<any>;
  export default factory;
}

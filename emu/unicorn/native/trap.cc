// The Unicorn engine's way into JavaScript at a system-call trap, without koffi's callback
// trampoline (docs/unicorn.md, "The system-call path"). A koffi callback costs ~140-160 ns of a
// getpid round trip of ~300: koffi runs native calls on a stack of its own, so each callback
// switches back to Node's stack, takes its locks, opens an N-API handle scope (a malloc and a
// free) and calls through N-API's checks. Here:
// - emuStart calls uc_emu_start from Node's own stack (a V8 function callback), so that
// - tricorn_trap, the hook Unicorn calls at a system call (UC_HOOK_INSN `syscall`, or through
//   binding.ts's interrupt dispatch), calls the one JavaScript function setTrap was given with
//   no arguments through V8 itself: a handle scope on the stack, no N-API, no stack switch.
// Only instances run by emuStart may have tricorn_trap as a hook (V8 would take koffi's stack
// for an overflow). Built by scripts/build-native.sh against the running Node's own headers;
// where it is missing or does not load (another Node), the engine keeps koffi (hooks.ts).
#include <node.h>
#include <stdint.h>

namespace {

typedef int (*EmuStart)(void* uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count);
typedef int (*EmuStop)(void* uc);

v8::Isolate* isolate = nullptr;
// Never destroyed: a static Global's destructor would run after the isolate is gone, at exit.
v8::Global<v8::Function>* trapFn = nullptr;
// An exception the trap function threw: no more JavaScript runs until emuStart rethrows it.
v8::Global<v8::Value>* thrown = nullptr;
EmuStop emuStop = nullptr;

uint64_t u64(v8::Local<v8::Value> v) {
  if (v->IsBigInt()) return v.As<v8::BigInt>()->Uint64Value();
  return static_cast<uint64_t>(v.As<v8::Number>()->Value());
}

// Called by Unicorn with the instance first (both hook kinds); the other arguments are unread.
extern "C" void tricorn_trap(void* uc) {
  if (thrown && !thrown->IsEmpty()) { emuStop(uc); return; }
  v8::HandleScope scope(isolate);
  v8::TryCatch caught(isolate);
  v8::Local<v8::Context> ctx = isolate->GetCurrentContext();
  if (trapFn->Get(isolate)->Call(ctx, v8::Undefined(isolate), 0, nullptr).IsEmpty() && caught.HasCaught()) {
    thrown->Reset(isolate, caught.Exception());
    emuStop(uc);
  }
}

// setTrap(fn): fn becomes what tricorn_trap calls; returns tricorn_trap's address.
// One isolate only (the first to ask): another thread (a worker) gets nothing and keeps koffi.
void SetTrap(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (isolate && isolate != info.GetIsolate()) return;
  if (info.Length() < 1 || !info[0]->IsFunction()) return;
  isolate = info.GetIsolate();
  if (!trapFn) trapFn = new v8::Global<v8::Function>();
  if (!thrown) thrown = new v8::Global<v8::Value>();
  trapFn->Reset(isolate, info[0].As<v8::Function>());
  info.GetReturnValue().Set(v8::BigInt::NewFromUnsigned(isolate, reinterpret_cast<uintptr_t>(&tricorn_trap)));
}

// emuStart(uc_emu_start, uc_emu_stop, uc, begin, until, count), the first two of the library
// `uc` belongs to: uc_emu_start's result (timeout 0), or the trap function's exception thrown.
void EmuStartCall(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (info.Length() < 6 || !trapFn || info.GetIsolate() != isolate) return;
  EmuStart start = reinterpret_cast<EmuStart>(static_cast<uintptr_t>(u64(info[0])));
  EmuStop prev = emuStop;
  emuStop = reinterpret_cast<EmuStop>(static_cast<uintptr_t>(u64(info[1])));
  void* uc = reinterpret_cast<void*>(static_cast<uintptr_t>(u64(info[2])));
  int err = start(uc, u64(info[3]), u64(info[4]), 0, static_cast<size_t>(u64(info[5])));
  emuStop = prev;
  if (thrown && !thrown->IsEmpty()) {
    v8::Local<v8::Value> e = thrown->Get(info.GetIsolate());
    thrown->Reset();
    info.GetIsolate()->ThrowException(e);
    return;
  }
  info.GetReturnValue().Set(err);
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  NODE_SET_METHOD(exports, "setTrap", SetTrap);
  NODE_SET_METHOD(exports, "emuStart", EmuStartCall);
}

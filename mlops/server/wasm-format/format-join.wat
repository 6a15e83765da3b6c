;; The /score answer's numbers in WebAssembly: join(in, count, out) writes the doubles at [in, in + 8·count) as
;; text, comma-separated, at `out` and returns the end: the same bytes as Float64Array.prototype.join(",") (that is,
;; String(x) for each x: ECMA-262 Number::toString, the shortest decimal that reads back as x, the closest one among
;; those). Returns -1 at the first NaN or Infinity: the caller formats those in JavaScript.
;;
;; The module is this file, ryu-shortest.wat, ryu-exact.wat and write-decimal.wat inside one (module ...), then the
;; tables as data segments: build-module.ts concatenates them and computes the tables with BigInt. Memory:
;;   0     "00".."99", the two-digit table (200 bytes)
;;   256   10^0..10^19 (i64)
;;   512   scratch: one number's digits, right-aligned at 512..529 (and 24 more bytes that copies may read)
;;   1024  Ryu's DOUBLE_POW5_INV_SPLIT: 342 × 128 bits, low 64 then high 64 (to 6496)
;;   6656  Ryu's DOUBLE_POW5_SPLIT: 326 × 128 bits (to 11872)
;;   16384 and up: the caller's doubles, then the text (26 bytes per number at most; copies may write 16 past it)
;; Source of mlops/server/wasm-format/module.generated.ts: `npm run build:wasm` after editing.
  (memory (export "memory") 1)

  (func (export "join") (param $in i32) (param $count i32) (param $out i32) (result i32)
    (local $end i32) (local $bits i64) (local $output i64) (local $exponent i32)
    (if (i32.eqz (local.get $count)) (then (return (local.get $out))))
    (local.set $end (i32.add (local.get $in) (i32.shl (local.get $count) (i32.const 3))))
    (loop $next
      (local.set $bits (i64.load (local.get $in)))
      ;; all exponent bits set: NaN or ±Infinity
      (if (i64.eq
            (i64.and (local.get $bits) (i64.const 0x7ff0000000000000))
            (i64.const 0x7ff0000000000000))
        (then (return (i32.const -1))))
      (if (i64.eqz (i64.shl (local.get $bits) (i64.const 1)))
        (then
          ;; +0 and -0 are both "0"
          (i32.store8 (local.get $out) (i32.const 48))
          (local.set $out (i32.add (local.get $out) (i32.const 1))))
        (else
          (if (i64.lt_s (local.get $bits) (i64.const 0))
            (then
              (i32.store8 (local.get $out) (i32.const 45)) ;; -
              (local.set $out (i32.add (local.get $out) (i32.const 1)))))
          (call $shortest (local.get $bits))
          (local.set $exponent)
          (local.set $output)
          (local.set $out (call $write (local.get $out) (local.get $output) (local.get $exponent)))))
      (i32.store8 (local.get $out) (i32.const 44)) ;; ,
      (local.set $out (i32.add (local.get $out) (i32.const 1)))
      (local.set $in (i32.add (local.get $in) (i32.const 8)))
      (br_if $next (i32.lt_u (local.get $in) (local.get $end))))
    ;; without the last comma
    (i32.sub (local.get $out) (i32.const 1)))

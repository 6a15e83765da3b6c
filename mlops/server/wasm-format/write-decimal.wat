  ;; Writes output × 10^exponent (output: 1..17 digits, no trailing zero) at `out` as ECMA-262 Number::toString
  ;; lays it out, and returns the end. With the k digits d1..dk and n = exponent + k (the value is 0.d1..dk × 10^n):
  ;;   k ≤ n ≤ 21   d1..dk then n - k zeros              123456789012345680000
  ;;   0 < n < k    d1..dn "." dn+1..dk                  1234.5678
  ;;   -6 < n ≤ 0   "0." then -n zeros then d1..dk       0.000001234
  ;;   otherwise    d1 ["." d2..dk] "e" sign |n - 1|     1.5e-7, 1e+21
  ;; The digits go right-aligned to the scratch at 512..529 first; every copy from there moves 24 bytes (three
  ;; 8-byte loads and stores) whatever the length: the bytes past the end are overwritten by what comes next.
  (func $write (param $out i32) (param $output i64) (param $exponent i32) (result i32)
    (local $high i64) (local $top i32) (local $t i32) (local $k i32) (local $n i32) (local $d i32) (local $p i32)
    (local $e i32)
    ;; 17 digits (with leading zeros): 1 + 8 + 8
    (local.set $high (i64.div_u (local.get $output) (i64.const 100000000)))
    (i64.store offset=521 (i32.const 0)
      (call $eight
        (i32.wrap_i64 (i64.sub (local.get $output) (i64.mul (local.get $high) (i64.const 100000000))))))
    (local.set $top (i32.div_u (i32.wrap_i64 (local.get $high)) (i32.const 100000000)))
    (i32.store8 offset=512 (i32.const 0) (i32.add (local.get $top) (i32.const 48)))
    (i64.store offset=513 (i32.const 0)
      (call $eight (i32.sub (i32.wrap_i64 (local.get $high)) (i32.mul (local.get $top) (i32.const 100000000)))))
    ;; k from the bit length: t = floor(bits · log10(2)) is k or k - 1, and 10^t tells which
    (local.set $t
      (i32.shr_u
        (i32.mul (i32.sub (i32.const 64) (i32.wrap_i64 (i64.clz (local.get $output)))) (i32.const 1233))
        (i32.const 12)))
    (local.set $k
      (i32.add
        (local.get $t)
        (i64.ge_u (local.get $output) (i64.load offset=256 (i32.shl (local.get $t) (i32.const 3))))))
    (local.set $n (i32.add (local.get $exponent) (local.get $k)))
    (local.set $d (i32.sub (i32.const 529) (local.get $k)))
    (if (i32.and (i32.gt_s (local.get $n) (i32.const -6)) (i32.le_s (local.get $n) (i32.const 21)))
      (then
        (if (i32.le_s (local.get $n) (i32.const 0))
          (then
            (i64.store (local.get $out) (i64.const 0x3030303030302e30)) ;; "0.000000"
            (local.set $p (i32.sub (i32.add (local.get $out) (i32.const 2)) (local.get $n)))
            (i64.store (local.get $p) (i64.load (local.get $d)))
            (i64.store offset=8 (local.get $p) (i64.load offset=8 (local.get $d)))
            (i64.store offset=16 (local.get $p) (i64.load offset=16 (local.get $d)))
            (return (i32.add (local.get $p) (local.get $k)))))
        (i64.store (local.get $out) (i64.load (local.get $d)))
        (i64.store offset=8 (local.get $out) (i64.load offset=8 (local.get $d)))
        (i64.store offset=16 (local.get $out) (i64.load offset=16 (local.get $d)))
        (if (i32.lt_s (local.get $n) (local.get $k))
          (then
            ;; the digits after the point, one byte to the right
            (local.set $p (i32.add (local.get $out) (local.get $n)))
            (local.set $d (i32.add (local.get $d) (local.get $n)))
            (i64.store offset=1 (local.get $p) (i64.load (local.get $d)))
            (i64.store offset=9 (local.get $p) (i64.load offset=8 (local.get $d)))
            (i64.store offset=17 (local.get $p) (i64.load offset=16 (local.get $d)))
            (i32.store8 (local.get $p) (i32.const 46)) ;; .
            (return (i32.add (i32.add (local.get $out) (local.get $k)) (i32.const 1)))))
        ;; an integer: n - k ≤ 20 zeros
        (local.set $p (i32.add (local.get $out) (local.get $k)))
        (i64.store (local.get $p) (i64.const 0x3030303030303030))
        (i64.store offset=8 (local.get $p) (i64.const 0x3030303030303030))
        (i64.store offset=16 (local.get $p) (i64.const 0x3030303030303030))
        (return (i32.add (local.get $out) (local.get $n)))))
    ;; exponential notation
    (i32.store8 (local.get $out) (i32.load8_u (local.get $d)))
    (local.set $p (i32.add (local.get $out) (i32.const 1)))
    (if (i32.gt_u (local.get $k) (i32.const 1))
      (then
        (i32.store8 (local.get $p) (i32.const 46)) ;; .
        (i64.store offset=1 (local.get $p) (i64.load offset=1 (local.get $d)))
        (i64.store offset=9 (local.get $p) (i64.load offset=9 (local.get $d)))
        (i64.store offset=17 (local.get $p) (i64.load offset=17 (local.get $d)))
        (local.set $p (i32.add (local.get $p) (local.get $k)))))
    (i32.store8 (local.get $p) (i32.const 101)) ;; e
    (local.set $e (i32.sub (local.get $n) (i32.const 1)))
    (if (i32.lt_s (local.get $e) (i32.const 0))
      (then
        (i32.store8 offset=1 (local.get $p) (i32.const 45)) ;; -
        (local.set $e (i32.sub (i32.const 0) (local.get $e))))
      (else (i32.store8 offset=1 (local.get $p) (i32.const 43)))) ;; +
    (local.set $p (i32.add (local.get $p) (i32.const 2)))
    (if (i32.lt_u (local.get $e) (i32.const 10))
      (then
        (i32.store8 (local.get $p) (i32.add (local.get $e) (i32.const 48)))
        (return (i32.add (local.get $p) (i32.const 1)))))
    (if (i32.lt_u (local.get $e) (i32.const 100))
      (then
        (i32.store16 (local.get $p) (i32.load16_u (i32.shl (local.get $e) (i32.const 1))))
        (return (i32.add (local.get $p) (i32.const 2)))))
    (local.set $t (i32.div_u (local.get $e) (i32.const 100)))
    (i32.store8 (local.get $p) (i32.add (local.get $t) (i32.const 48)))
    (i32.store16 offset=1 (local.get $p)
      (i32.load16_u (i32.shl (i32.sub (local.get $e) (i32.mul (local.get $t) (i32.const 100))) (i32.const 1))))
    (i32.add (local.get $p) (i32.const 3)))

  ;; n < 10^8 as eight ASCII digits in one i64, first digit in the low byte (little-endian: stored in order).
  ;; Both halves at once in 32-bit lanes, then 16-bit lanes: /100 is ×10486 >> 20 for n < 10^4, /10 is ×103 >> 10
  ;; for n < 100, and no lane's product reaches the next lane.
  (func $eight (param $n i32) (result i64) (local $high i32) (local $x i64) (local $y i64) (local $z i64)
    (local.set $high (i32.div_u (local.get $n) (i32.const 10000)))
    (local.set $x
      (i64.or
        (i64.extend_i32_u (local.get $high))
        (i64.shl
          (i64.extend_i32_u (i32.sub (local.get $n) (i32.mul (local.get $high) (i32.const 10000))))
          (i64.const 32))))
    (local.set $y
      (i64.and (i64.shr_u (i64.mul (local.get $x) (i64.const 10486)) (i64.const 20)) (i64.const 0x7f0000007f)))
    (local.set $y
      (i64.or
        (local.get $y)
        (i64.shl (i64.sub (local.get $x) (i64.mul (local.get $y) (i64.const 100))) (i64.const 16))))
    (local.set $z
      (i64.and (i64.shr_u (i64.mul (local.get $y) (i64.const 103)) (i64.const 10)) (i64.const 0x000f000f000f000f)))
    (i64.or
      (i64.or (local.get $z) (i64.shl (i64.sub (local.get $y) (i64.mul (local.get $z) (i64.const 10))) (i64.const 8)))
      (i64.const 0x3030303030303030)))

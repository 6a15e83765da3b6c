;; The hot path of POST /score in WebAssembly: a body that is exactly {"data": [[n, ...], ...]} (any JSON
;; whitespace), `width` numbers per row, parsed from its bytes into row-major doubles, each the double JSON.parse
;; gives (bit for bit). Returns the row count, or -1 when the body is anything else or a number needs more than
;; this fast path proves (over 19 significant digits, far exponents, a rounding it cannot prove): the caller then
;; takes the JavaScript path, which handles every case. 64-bit integers let 8 digits be read in one step (SWAR),
;; which JavaScript cannot do; that is most of the gain.
;;
;; Memory: a table of 10^0..10^22 at byte 0 (written by $init); the caller copies the body to `p`, puts 8 zero bytes
;; after it (every loop stops at a 0 byte, and 8-byte loads never read past them) and passes `out` for the doubles.
;; Source of mlops/server/wasm-matrix/module.generated.ts: `npm run build:wasm` after editing.
(module
  (memory (export "memory") 1)
  ;; For k = 0..22, 32 bytes at k·32: 10^k, its reciprocal, and 10^k's Veltkamp halves (for Dekker's product).
  (func $init (local $k i32) (local $x f64) (local $c f64) (local $at i32)
    (local.set $x (f64.const 1))
    (loop $next
      (local.set $at (i32.shl (local.get $k) (i32.const 5)))
      (f64.store (local.get $at) (local.get $x))
      (f64.store offset=8 (local.get $at) (f64.div (f64.const 1) (local.get $x)))
      (local.set $c (f64.mul (f64.const 134217729) (local.get $x)))
      (local.set $c (f64.sub (local.get $c) (f64.sub (local.get $c) (local.get $x))))
      (f64.store offset=16 (local.get $at) (local.get $c))
      (f64.store offset=24 (local.get $at) (f64.sub (local.get $x) (local.get $c)))
      ;; 10^k = 2^k·5^k with 5^22 < 2^53: every product here is exact
      (local.set $x (f64.mul (local.get $x) (f64.const 10)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.le_u (local.get $k) (i32.const 22)))))
  (start $init)

  ;; Skips JSON whitespace (space, LF, CR, tab). Called only at a byte ≤ 32: compact bodies make no calls.
  (func $ws (param $p i32) (result i32) (local $c i32)
    (block $done
      (loop $next
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $done
          (i32.eqz
            (i32.or
              (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 10)))
              (i32.or (i32.eq (local.get $c) (i32.const 13)) (i32.eq (local.get $c) (i32.const 9))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $p))

  ;; parse(p, end, width, out): the body is at [p, end); doubles go to out. Returns the row count or -1.
  ;; One function with no calls on the common path (V8 does not inline WebAssembly calls; calls cost ~40 %).
  (func (export "parse") (param $p i32) (param $end i32) (param $width i32) (param $out i32) (result i32)
    (local $rows i32) (local $j i32) (local $c i32) (local $negative i32) (local $w i64) (local $digits i32)
    (local $e10 i32) (local $fraction i32) (local $v i64) (local $e i32) (local $e_negative i32) (local $x f64)
    (local $d f64) (local $q1 f64) (local $q2 f64) (local $pr f64) (local $tol f64) (local $hi f64) (local $lo f64)
    (local $ah f64) (local $al f64) (local $bh f64) (local $bl f64) (local $at i32)
    (local.set $p (call $ws (local.get $p)))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 123)) (then (return (i32.const -1)))) ;; {
    (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
    ;; "data" as little-endian loads: `"dat` then `a"`
    (if (i32.or
          (i32.ne (i32.load (local.get $p)) (i32.const 0x74616422))
          (i32.ne (i32.load16_u offset=4 (local.get $p)) (i32.const 0x2261)))
      (then (return (i32.const -1))))
    (local.set $p (call $ws (i32.add (local.get $p) (i32.const 6))))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 58)) (then (return (i32.const -1)))) ;; :
    (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 91)) (then (return (i32.const -1)))) ;; [
    (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
    (loop $row
      (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 91)) (then (return (i32.const -1)))) ;; a row's [
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $j (i32.const 0))
      (loop $cell
        (if (i32.le_u (i32.load8_u (local.get $p)) (i32.const 32)) (then (local.set $p (call $ws (local.get $p)))))
        ;; A JSON number: sign, integer part, fraction, exponent; w = its significant digits, e10 its scale.
        (local.set $negative (i32.const 0))
        (local.set $w (i64.const 0))
        (local.set $digits (i32.const 0))
        (local.set $e10 (i32.const 0))
        (local.set $e (i32.const 0))
        (local.set $e_negative (i32.const 0))
        (local.set $c (i32.load8_u (local.get $p)))
        (if (i32.eq (local.get $c) (i32.const 45))
          (then
            (local.set $negative (i32.const 1))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $c (i32.load8_u (local.get $p)))))
        ;; integer part: a lone 0, or 1-9 then digits
        (if (i32.eq (local.get $c) (i32.const 48))
          (then
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $c (i32.load8_u (local.get $p))))
          (else
            (if (i32.gt_u (i32.sub (local.get $c) (i32.const 49)) (i32.const 8)) (then (return (i32.const -1))))
            (loop $integer
              (local.set $w
                (i64.add (i64.mul (local.get $w) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
              (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $c (i32.load8_u (local.get $p)))
              (br_if $integer (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))))))
        ;; fraction: at least one digit
        (if (i32.eq (local.get $c) (i32.const 46))
          (then
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $fraction (local.get $p))
            (local.set $c (i32.load8_u (local.get $p)))
            (if (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)) (then (return (i32.const -1))))
            ;; leading zeros are not significant
            (if (i32.eqz (local.get $digits))
              (then
                (block $nonzero
                  (loop $zero
                    (br_if $nonzero (i32.ne (i32.load8_u (local.get $p)) (i32.const 48)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br $zero)))))
            ;; eight digits at a time while they fit in 19
            (block $swar_done
              (loop $swar
                (br_if $swar_done (i32.gt_u (local.get $digits) (i32.const 11)))
                (local.set $v (i64.load (local.get $p)))
                (br_if $swar_done
                  (i64.ne
                    (i64.or
                      (i64.and (local.get $v) (i64.const 0xF0F0F0F0F0F0F0F0))
                      (i64.shr_u
                        (i64.and (i64.add (local.get $v) (i64.const 0x0606060606060606)) (i64.const 0xF0F0F0F0F0F0F0F0))
                        (i64.const 4)))
                    (i64.const 0x3333333333333333)))
                (local.set $v (i64.sub (local.get $v) (i64.const 0x3030303030303030)))
                (local.set $v
                  (i64.and
                    (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.shr_u (local.get $v) (i64.const 8)))
                    (i64.const 0x00FF00FF00FF00FF)))
                (local.set $v
                  (i64.and
                    (i64.add (i64.mul (local.get $v) (i64.const 100)) (i64.shr_u (local.get $v) (i64.const 16)))
                    (i64.const 0x0000FFFF0000FFFF)))
                (local.set $v
                  (i64.and
                    (i64.add (i64.mul (local.get $v) (i64.const 10000)) (i64.shr_u (local.get $v) (i64.const 32)))
                    (i64.const 0xFFFFFFFF)))
                (local.set $w (i64.add (i64.mul (local.get $w) (i64.const 100000000)) (local.get $v)))
                (local.set $digits (i32.add (local.get $digits) (i32.const 8)))
                (local.set $p (i32.add (local.get $p) (i32.const 8)))
                (br $swar)))
            (local.set $c (i32.load8_u (local.get $p)))
            (block $tail_done
              (loop $tail
                (br_if $tail_done (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)))
                (local.set $w
                  (i64.add (i64.mul (local.get $w) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
                (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (local.set $c (i32.load8_u (local.get $p)))
                (br $tail)))
            (local.set $e10 (i32.sub (local.get $fraction) (local.get $p)))))
        (if (i32.gt_u (local.get $digits) (i32.const 19)) (then (return (i32.const -1))))
        ;; exponent: e or E, an optional sign, at least one digit
        (if (i32.eq (i32.or (local.get $c) (i32.const 32)) (i32.const 101))
          (then
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (local.set $c (i32.load8_u (local.get $p)))
            (if (i32.eq (local.get $c) (i32.const 45))
              (then (local.set $e_negative (i32.const 1))))
            (if (i32.or (i32.eq (local.get $c) (i32.const 45)) (i32.eq (local.get $c) (i32.const 43)))
              (then
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (local.set $c (i32.load8_u (local.get $p)))))
            (if (i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9)) (then (return (i32.const -1))))
            (loop $exponent
              (if (i32.lt_u (local.get $e) (i32.const 100000))
                (then
                  (local.set $e (i32.add (i32.mul (local.get $e) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $c (i32.load8_u (local.get $p)))
              (br_if $exponent (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))))
            (local.set $e10
              (select
                (i32.sub (local.get $e10) (local.get $e))
                (i32.add (local.get $e10) (local.get $e))
                (local.get $e_negative)))))
        ;; w·10^e10 as the nearest double: Clinger's fast path when w < 2^53 (w and 10^|e10| exact, one rounding);
        ;; above it a division whose rounding is proven (or the JavaScript path).
        (local.set $x (f64.convert_i64_u (local.get $w)))
        (if (i32.ne (local.get $e10) (i32.const 0))
          (then
            (if (i32.or (i32.lt_s (local.get $e10) (i32.const -22)) (i32.gt_s (local.get $e10) (i32.const 22)))
              (then (return (i32.const -1))))
            (if (i64.lt_u (local.get $w) (i64.const 0x20000000000000))
              (then
                (if (i32.lt_s (local.get $e10) (i32.const 0))
                  (then
                    (local.set $x
                      (f64.div (local.get $x) (f64.load (i32.shl (i32.sub (i32.const 0) (local.get $e10)) (i32.const 5))))))
                  (else
                    (local.set $x (f64.mul (local.get $x) (f64.load (i32.shl (local.get $e10) (i32.const 5))))))))
              (else
                (if (i32.gt_s (local.get $e10) (i32.const 0)) (then (return (i32.const -1))))
                ;; w = x + t exactly (t: w - x, both integers under 2^64, at most 2^10 apart); then (x + t) / d:
                ;; q1 ≈ x/d (x·fl(1/d): within 2 ulps, no division needed), q2 = (x - q1·d + t)/d with q1·d's
                ;; rounding error from Dekker's exact product; x - q1·d is exact (Sterbenz) and under 3 ulps of x.
                (local.set $at (i32.shl (i32.sub (i32.const 0) (local.get $e10)) (i32.const 5)))
                (local.set $d (f64.load (local.get $at)))
                (local.set $q1 (f64.mul (local.get $x) (f64.load offset=8 (local.get $at))))
                (local.set $pr (f64.mul (local.get $q1) (local.get $d)))
                (local.set $hi (f64.mul (f64.const 134217729) (local.get $q1)))
                (local.set $ah (f64.sub (local.get $hi) (f64.sub (local.get $hi) (local.get $q1))))
                (local.set $al (f64.sub (local.get $q1) (local.get $ah)))
                (local.set $bh (f64.load offset=16 (local.get $at)))
                (local.set $bl (f64.load offset=24 (local.get $at)))
                (local.set $lo
                  (f64.add
                    (f64.add
                      (f64.add
                        (f64.sub (f64.mul (local.get $ah) (local.get $bh)) (local.get $pr))
                        (f64.mul (local.get $ah) (local.get $bl)))
                      (f64.mul (local.get $al) (local.get $bh)))
                    (f64.mul (local.get $al) (local.get $bl))))
                ;; q2 is under ~2^-51·q1: a multiply by 1/d (relative error 2^-52, so ~2^-103·q1) stays far inside tol
                (local.set $q2
                  (f64.mul
                    (f64.add
                      (f64.sub (f64.sub (local.get $x) (local.get $pr)) (local.get $lo))
                      (f64.convert_i64_s (i64.sub (local.get $w) (i64.trunc_f64_u (local.get $x)))))
                    (f64.load offset=8 (local.get $at))))
                ;; the error interval's ends must round alike (rounding is monotonic), else the JavaScript path
                (local.set $tol (f64.mul (local.get $q1) (f64.const 0x1p-95)))
                (local.set $x (f64.add (local.get $q1) (f64.sub (local.get $q2) (local.get $tol))))
                (if (f64.ne (local.get $x) (f64.add (local.get $q1) (f64.add (local.get $q2) (local.get $tol))))
                  (then (return (i32.const -1))))))))
        (f64.store (local.get $out) (select (f64.neg (local.get $x)) (local.get $x) (local.get $negative)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (if (i32.le_u (i32.load8_u (local.get $p)) (i32.const 32)) (then (local.set $p (call $ws (local.get $p)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (if (i32.lt_u (local.get $j) (local.get $width))
          (then
            (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 44)) (then (return (i32.const -1)))) ;; ,
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $cell))))
      (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 93)) (then (return (i32.const -1)))) ;; the row's ]
      (local.set $rows (i32.add (local.get $rows) (i32.const 1)))
      (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
      (local.set $c (i32.load8_u (local.get $p)))
      (if (i32.eq (local.get $c) (i32.const 44))
        (then
          (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
          (br $row)))
      (if (i32.ne (local.get $c) (i32.const 93)) (then (return (i32.const -1))))) ;; the list's ]
    (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 125)) (then (return (i32.const -1)))) ;; }
    (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
    (select (local.get $rows) (i32.const -1) (i32.eq (local.get $p) (local.get $end))))
)

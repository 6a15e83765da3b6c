  ;; Ryu (Ulf Adams, PLDI 2018; the reference d2s.c's d2d): for a finite nonzero double's bits, the shortest decimal
  ;; `output` × 10^`exponent` inside the double's rounding interval (bounds included when the mantissa is even,
  ;; as a reader rounds half to even), the closest to the double among the shortest, ties to even.
  ;;
  ;; The double is mv·2^e2 (mv = 4·m2) and its interval [mm, mp]·2^e2, mm = mv - 1 - mmShift, mp = mv + 2. Times
  ;; 2^e2 / 10^q through a 125-bit approximation of 5^±k (the tables), these are vr, vm, vp: the value and the ends
  ;; in decimal, with a few digits to spare. WebAssembly has no 64×64 → 128 multiply: the 55 × 126-bit products
  ;; are computed exactly in 32-bit limbs (eight i64.mul), and the three share one product: mp·T = mv·T + 2T,
  ;; mm·T = mv·T - (1 + mmShift)·T.
  (func $shortest (param $bits i64) (result i64 i32)
    (local $mantissa i64) (local $biased i32) (local $e2 i32) (local $m2 i64) (local $even i32) (local $mv i64)
    (local $mmShift i32) (local $q i32) (local $i i32) (local $j i32) (local $e10 i32) (local $at i32)
    (local $a0 i64) (local $a1 i64) (local $b0 i64) (local $b1 i64) (local $b2 i64) (local $b3 i64)
    (local $p0 i64) (local $p1 i64) (local $p2 i64) (local $p3 i64) (local $p4 i64) (local $p5 i64)
    (local $t i64) (local $c i64) (local $s i64) (local $right i64) (local $left i64)
    (local $vr i64) (local $vp i64) (local $vm i64) (local $vmZeros i32) (local $vrZeros i32) (local $vpLess i32)
    (local $removed i32) (local $last i32) (local $vpDiv i64) (local $vmDiv i64) (local $vrDiv i64)
    (local.set $mantissa (i64.and (local.get $bits) (i64.const 0xfffffffffffff)))
    (local.set $biased (i32.and (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 52))) (i32.const 0x7ff)))
    ;; two more bits than the double has, for the interval's ends
    (if (local.get $biased)
      (then
        (local.set $e2 (i32.sub (local.get $biased) (i32.const 1077)))
        (local.set $m2 (i64.or (local.get $mantissa) (i64.const 0x10000000000000))))
      (else
        (local.set $e2 (i32.const -1076))
        (local.set $m2 (local.get $mantissa))))
    (local.set $even (i32.eqz (i32.wrap_i64 (i64.and (local.get $m2) (i64.const 1)))))
    (local.set $mv (i64.shl (local.get $m2) (i64.const 2)))
    ;; 0: the lower neighbour is twice as close (a power of two above the smallest normal)
    (local.set $mmShift
      (i32.or (i64.ne (local.get $mantissa) (i64.const 0)) (i32.le_u (local.get $biased) (i32.const 1))))
    ;; Scale by 2^e2 / 10^q. And is the scaled value exact (vrZeros), or the interval's lower end (vmZeros)? Then
    ;; ties and an included lower end need the slow path. The upper end is excluded (vpLess) for an odd mantissa.
    ;; All decided here, before the product, so that nothing but the product is live across it.
    (if (i32.ge_s (local.get $e2) (i32.const 0))
      (then
        ;; q = log10(2^e2) - (e2 > 3); j = -e2 + q + 125 + pow5bits(q) - 1
        (local.set $q
          (i32.sub
            (i32.shr_u (i32.mul (local.get $e2) (i32.const 78913)) (i32.const 18))
            (i32.gt_s (local.get $e2) (i32.const 3))))
        (local.set $e10 (local.get $q))
        (local.set $j
          (i32.add
            (i32.sub (local.get $q) (local.get $e2))
            (i32.add (i32.const 125) (i32.shr_u (i32.mul (local.get $q) (i32.const 1217359)) (i32.const 19)))))
        (local.set $at (i32.add (i32.const 1024) (i32.shl (local.get $q) (i32.const 4))))
        (if (i32.le_u (local.get $q) (i32.const 21))
          (then
            (if (i64.eqz (i64.rem_u (local.get $mv) (i64.const 5)))
              (then (local.set $vrZeros (call $pow5_at_least (local.get $mv) (local.get $q))))
              (else
                (if (local.get $even)
                  (then
                    (local.set $vmZeros
                      (call $pow5_at_least
                        (i64.sub (i64.sub (local.get $mv) (i64.const 1)) (i64.extend_i32_u (local.get $mmShift)))
                        (local.get $q))))
                  (else
                    (local.set $vpLess
                      (call $pow5_at_least (i64.add (local.get $mv) (i64.const 2)) (local.get $q))))))))))
      (else
        ;; q = log10(5^-e2) - (-e2 > 1); i = -e2 - q; j = q - (pow5bits(i) - 125)
        (local.set $q
          (i32.sub
            (i32.shr_u (i32.mul (i32.sub (i32.const 0) (local.get $e2)) (i32.const 732923)) (i32.const 20))
            (i32.lt_s (local.get $e2) (i32.const -1))))
        (local.set $e10 (i32.add (local.get $q) (local.get $e2)))
        (local.set $i (i32.sub (i32.sub (i32.const 0) (local.get $e2)) (local.get $q)))
        (local.set $j
          (i32.sub
            (i32.add (local.get $q) (i32.const 124))
            (i32.shr_u (i32.mul (local.get $i) (i32.const 1217359)) (i32.const 19))))
        (local.set $at (i32.add (i32.const 6656) (i32.shl (local.get $i) (i32.const 4))))
        (if (i32.le_u (local.get $q) (i32.const 1))
          (then
            (local.set $vrZeros (i32.const 1))
            (if (local.get $even)
              (then (local.set $vmZeros (local.get $mmShift)))
              (else (local.set $vpLess (i32.const 1)))))
          (else
            (if (i32.lt_u (local.get $q) (i32.const 63))
              (then
                (local.set $vrZeros
                  (i64.eqz
                    (i64.and
                      (local.get $mv)
                      (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $q))) (i64.const 1)))))))))))

    ;; P = mv × T in six 32-bit limbs p0..p5 (schoolbook: each step's sum fits 64 bits)
    (local.set $a0 (i64.and (local.get $mv) (i64.const 0xffffffff)))
    (local.set $a1 (i64.shr_u (local.get $mv) (i64.const 32)))
    (local.set $b0 (i64.load32_u (local.get $at)))
    (local.set $b1 (i64.load32_u offset=4 (local.get $at)))
    (local.set $b2 (i64.load32_u offset=8 (local.get $at)))
    (local.set $b3 (i64.load32_u offset=12 (local.get $at)))
    (local.set $t (i64.mul (local.get $a0) (local.get $b0)))
    (local.set $p0 (i64.and (local.get $t) (i64.const 0xffffffff)))
    (local.set $t (i64.add (i64.mul (local.get $a0) (local.get $b1)) (i64.shr_u (local.get $t) (i64.const 32))))
    (local.set $p1 (i64.and (local.get $t) (i64.const 0xffffffff)))
    (local.set $t (i64.add (i64.mul (local.get $a0) (local.get $b2)) (i64.shr_u (local.get $t) (i64.const 32))))
    (local.set $p2 (i64.and (local.get $t) (i64.const 0xffffffff)))
    (local.set $t (i64.add (i64.mul (local.get $a0) (local.get $b3)) (i64.shr_u (local.get $t) (i64.const 32))))
    (local.set $p3 (i64.and (local.get $t) (i64.const 0xffffffff)))
    (local.set $p4 (i64.shr_u (local.get $t) (i64.const 32)))
    (local.set $t (i64.add (i64.mul (local.get $a1) (local.get $b0)) (local.get $p1)))
    (local.set $p1 (i64.and (local.get $t) (i64.const 0xffffffff)))
    (local.set $t
      (i64.add
        (i64.add (i64.mul (local.get $a1) (local.get $b1)) (local.get $p2))
        (i64.shr_u (local.get $t) (i64.const 32))))
    (local.set $p2 (i64.and (local.get $t) (i64.const 0xffffffff)))
    (local.set $t
      (i64.add
        (i64.add (i64.mul (local.get $a1) (local.get $b2)) (local.get $p3))
        (i64.shr_u (local.get $t) (i64.const 32))))
    (local.set $p3 (i64.and (local.get $t) (i64.const 0xffffffff)))
    (local.set $t
      (i64.add
        (i64.add (i64.mul (local.get $a1) (local.get $b3)) (local.get $p4))
        (i64.shr_u (local.get $t) (i64.const 32))))
    (local.set $p4 (i64.and (local.get $t) (i64.const 0xffffffff)))
    (local.set $p5 (i64.shr_u (local.get $t) (i64.const 32)))
    ;; j is 118..125 for every double: the result is bits j.. of limbs 3..5 (p5 < 2^21)
    (local.set $right (i64.extend_i32_u (i32.sub (local.get $j) (i32.const 96))))
    (local.set $left (i64.extend_i32_u (i32.sub (i32.const 160) (local.get $j))))
    (local.set $vr
      (i64.or
        (i64.shr_u (i64.or (local.get $p3) (i64.shl (local.get $p4) (i64.const 32))) (local.get $right))
        (i64.shl (local.get $p5) (local.get $left))))
    ;; vp: P + 2T
    (local.set $c (i64.shr_u (i64.add (local.get $p0) (i64.shl (local.get $b0) (i64.const 1))) (i64.const 32)))
    (local.set $c
      (i64.shr_u
        (i64.add (i64.add (local.get $p1) (i64.shl (local.get $b1) (i64.const 1))) (local.get $c)) (i64.const 32)))
    (local.set $c
      (i64.shr_u
        (i64.add (i64.add (local.get $p2) (i64.shl (local.get $b2) (i64.const 1))) (local.get $c)) (i64.const 32)))
    (local.set $t (i64.add (i64.add (local.get $p3) (i64.shl (local.get $b3) (i64.const 1))) (local.get $c)))
    (local.set $c (i64.add (local.get $p4) (i64.shr_u (local.get $t) (i64.const 32))))
    (local.set $vp
      (i64.or
        (i64.shr_u
          (i64.or (i64.and (local.get $t) (i64.const 0xffffffff)) (i64.shl (local.get $c) (i64.const 32)))
          (local.get $right))
        (i64.shl (i64.add (local.get $p5) (i64.shr_u (local.get $c) (i64.const 32))) (local.get $left))))
    (local.set $vp (i64.sub (local.get $vp) (i64.extend_i32_u (local.get $vpLess))))
    ;; vm: P - sT, s = 1 + mmShift (borrows are arithmetic shifts of negative sums)
    (local.set $s (i64.extend_i32_u (i32.add (local.get $mmShift) (i32.const 1))))
    (local.set $c (i64.shr_s (i64.sub (local.get $p0) (i64.mul (local.get $s) (local.get $b0))) (i64.const 32)))
    (local.set $c
      (i64.shr_s
        (i64.add (i64.sub (local.get $p1) (i64.mul (local.get $s) (local.get $b1))) (local.get $c)) (i64.const 32)))
    (local.set $c
      (i64.shr_s
        (i64.add (i64.sub (local.get $p2) (i64.mul (local.get $s) (local.get $b2))) (local.get $c)) (i64.const 32)))
    (local.set $t (i64.add (i64.sub (local.get $p3) (i64.mul (local.get $s) (local.get $b3))) (local.get $c)))
    (local.set $c (i64.add (local.get $p4) (i64.shr_s (local.get $t) (i64.const 32))))
    (local.set $vm
      (i64.or
        (i64.shr_u
          (i64.or (i64.and (local.get $t) (i64.const 0xffffffff)) (i64.shl (local.get $c) (i64.const 32)))
          (local.get $right))
        (i64.shl (i64.add (local.get $p5) (i64.shr_s (local.get $c) (i64.const 32))) (local.get $left))))

    (if (i32.or (local.get $vmZeros) (local.get $vrZeros))
      (then
        (return
          (call $shortest_exact
            (local.get $vr) (local.get $vp) (local.get $vm) (local.get $vmZeros) (local.get $vrZeros)
            (local.get $even) (local.get $e10)))))
    ;; ~99 % of doubles: drop two digits at once when the interval allows, then one at a time
    (local.set $vpDiv (i64.div_u (local.get $vp) (i64.const 100)))
    (local.set $vmDiv (i64.div_u (local.get $vm) (i64.const 100)))
    (if (i64.gt_u (local.get $vpDiv) (local.get $vmDiv))
      (then
        (local.set $vrDiv (i64.div_u (local.get $vr) (i64.const 100)))
        (local.set $last
          (i32.ge_u
            (i32.wrap_i64 (i64.sub (local.get $vr) (i64.mul (local.get $vrDiv) (i64.const 100))))
            (i32.const 50)))
        (local.set $vr (local.get $vrDiv))
        (local.set $vp (local.get $vpDiv))
        (local.set $vm (local.get $vmDiv))
        (local.set $removed (i32.const 2))))
    (block $done
      (loop $next
        (local.set $vpDiv (i64.div_u (local.get $vp) (i64.const 10)))
        (local.set $vmDiv (i64.div_u (local.get $vm) (i64.const 10)))
        (br_if $done (i64.le_u (local.get $vpDiv) (local.get $vmDiv)))
        (local.set $vrDiv (i64.div_u (local.get $vr) (i64.const 10)))
        (local.set $last
          (i32.ge_u
            (i32.wrap_i64 (i64.sub (local.get $vr) (i64.mul (local.get $vrDiv) (i64.const 10))))
            (i32.const 5)))
        (local.set $vr (local.get $vrDiv))
        (local.set $vp (local.get $vpDiv))
        (local.set $vm (local.get $vmDiv))
        (local.set $removed (i32.add (local.get $removed) (i32.const 1)))
        (br $next)))
    ;; round up when the last removed digits were ≥ half, or when vr is the excluded lower end
    (i64.add
      (local.get $vr)
      (i64.extend_i32_u (i32.or (i64.eq (local.get $vr) (local.get $vm)) (local.get $last))))
    (i32.add (local.get $e10) (local.get $removed)))

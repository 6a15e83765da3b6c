  ;; Ryu's general digit removal (~1 % of doubles: the scaled value or the interval's lower end is exact, so a
  ;; tie must round to even and an included lower end may be the answer): the shortest of [vm, vp] closest to vr.
  ;; `last` is the last removed digit; vrZeros whether all digits removed before it were 0.
  (func $shortest_exact
    (param $vr i64) (param $vp i64) (param $vm i64) (param $vmZeros i32) (param $vrZeros i32) (param $even i32)
    (param $e10 i32) (result i64 i32)
    (local $removed i32) (local $last i32) (local $vpDiv i64) (local $vmDiv i64) (local $vrDiv i64)
    (block $done
      (loop $next
        (local.set $vpDiv (i64.div_u (local.get $vp) (i64.const 10)))
        (local.set $vmDiv (i64.div_u (local.get $vm) (i64.const 10)))
        (br_if $done (i64.le_u (local.get $vpDiv) (local.get $vmDiv)))
        (local.set $vmZeros
          (i32.and
            (local.get $vmZeros)
            (i64.eq (local.get $vm) (i64.mul (local.get $vmDiv) (i64.const 10)))))
        (local.set $vrZeros (i32.and (local.get $vrZeros) (i32.eqz (local.get $last))))
        (local.set $vrDiv (i64.div_u (local.get $vr) (i64.const 10)))
        (local.set $last (i32.wrap_i64 (i64.sub (local.get $vr) (i64.mul (local.get $vrDiv) (i64.const 10)))))
        (local.set $vr (local.get $vrDiv))
        (local.set $vp (local.get $vpDiv))
        (local.set $vm (local.get $vmDiv))
        (local.set $removed (i32.add (local.get $removed) (i32.const 1)))
        (br $next)))
    ;; an exact lower end may drop more zeros: it is in the interval
    (if (local.get $vmZeros)
      (then
        (block $done
          (loop $next
            (local.set $vmDiv (i64.div_u (local.get $vm) (i64.const 10)))
            (br_if $done (i64.ne (local.get $vm) (i64.mul (local.get $vmDiv) (i64.const 10))))
            (local.set $vpDiv (i64.div_u (local.get $vp) (i64.const 10)))
            (local.set $vrZeros (i32.and (local.get $vrZeros) (i32.eqz (local.get $last))))
            (local.set $vrDiv (i64.div_u (local.get $vr) (i64.const 10)))
            (local.set $last (i32.wrap_i64 (i64.sub (local.get $vr) (i64.mul (local.get $vrDiv) (i64.const 10)))))
            (local.set $vr (local.get $vrDiv))
            (local.set $vp (local.get $vpDiv))
            (local.set $vm (local.get $vmDiv))
            (local.set $removed (i32.add (local.get $removed) (i32.const 1)))
            (br $next)))))
    ;; exactly half way (...50..0): round to even
    (if (i32.and
          (i32.and (local.get $vrZeros) (i32.eq (local.get $last) (i32.const 5)))
          (i64.eqz (i64.and (local.get $vr) (i64.const 1))))
      (then (local.set $last (i32.const 4))))
    ;; round up when the removed digits were over half, or when vr is a lower end the interval excludes
    (i64.add
      (local.get $vr)
      (i64.extend_i32_u
        (i32.or
          (i32.and
            (i64.eq (local.get $vr) (local.get $vm))
            (i32.or (i32.eqz (local.get $even)) (i32.eqz (local.get $vmZeros))))
          (i32.ge_u (local.get $last) (i32.const 5)))))
    (i32.add (local.get $e10) (local.get $removed)))

  ;; Whether 5^p divides v (v > 0).
  (func $pow5_at_least (param $v i64) (param $p i32) (result i32) (local $div i64)
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $p) (i32.const 0)))
        (local.set $div (i64.div_u (local.get $v) (i64.const 5)))
        (br_if $done (i64.ne (i64.mul (local.get $div) (i64.const 5)) (local.get $v)))
        (local.set $v (local.get $div))
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br $next)))
    (i32.le_s (local.get $p) (i32.const 0)))

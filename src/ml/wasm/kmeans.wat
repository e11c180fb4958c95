;; k-means' per-row passes (src/ml/kmeans-part.ts) in WebAssembly SIMD, bit for bit the same as the
;; JavaScript kernels (src/ml/kmeans-kernels.ts). `npm run build:wasm` compiles this file into
;; kmeans-bytes.ts.
;;
;; Rows are stored with a stride of the kernel's width, 4, 6 or 8 values, zeros after column d.
;; Centres are stored by pairs: for pair p and column t, one f64x2 holds [c(2p, t), c(2p+1, t)], so
;; one vector operation measures two centres, and each lane adds ((a0*a0 + a1*a1) + a2*a2) + ...
;; in column order, as the JS expression does. No fused multiply-add, so every squared distance,
;; and with it every argmin and tie, is the one the JS kernels compute. An odd k pads the last
;; pair's second lane with +Infinity, which never wins.
;;
;; Kernel widths: 4 columns (d <= 4), 6 (d = 5, 6) and 8 (d = 7, 8). Centres keep the JS stride $cs,
;; 4 or 8, so a pair takes 64 or 128 bytes. The padded columns add (0 - 0)^2 = 0 to a non-negative
;; sum, and 0 to a column sum of 0: exact.
(module
  (memory (export "memory") 1)

  ;; Rows the last pass measured against every centre: the caller's cue for the next pass's mode.
  (global $nearestRows (export "nearestRows") (mut i32) (i32.const 0))

  ;; Per lane, the smallest distance, the one after it and the index of the first smallest; then
  ;; the lanes are joined: the lower index wins a tie, as a plain first-argmin over all centres.
  ;; Distances are never negative nor NaN, so their bits order as they do: compared as integers,
  ;; the join is a few conditional moves where float compares would be branches that mispredict.
  (func $pick (param $best v128) (param $second v128) (param $index v128) (result f64 f64 i32)
    (local $b0 i64) (local $b1 i64) (local $i0 i32) (local $i1 i32) (local $first i32) (local $s i64) (local $o i64)
    (local.set $b0 (i64x2.extract_lane 0 (local.get $best)))
    (local.set $b1 (i64x2.extract_lane 1 (local.get $best)))
    (local.set $i0 (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $index))))
    (local.set $i1 (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $index))))
    (local.set $first
      (i32.or
        (i64.lt_u (local.get $b0) (local.get $b1))
        (i32.and (i64.eq (local.get $b0) (local.get $b1)) (i32.lt_s (local.get $i0) (local.get $i1)))))
    (local.set $s
      (select (i64x2.extract_lane 0 (local.get $second)) (i64x2.extract_lane 1 (local.get $second)) (local.get $first)))
    (local.set $o (select (local.get $b1) (local.get $b0) (local.get $first)))
    (f64.reinterpret_i64 (select (local.get $b0) (local.get $b1) (local.get $first)))
    (f64.reinterpret_i64 (select (local.get $s) (local.get $o) (i64.lt_u (local.get $s) (local.get $o))))
    (select (local.get $i0) (local.get $i1) (local.get $first)))

  ;; The nearest and second nearest centre to the row at $row, over the pairs in [$pairs, $end).
  ;; Per lane: second = min(second, max(best, s)) and best = min(best, s) are the JS branches
  ;; `if (s < best) { second = best; best = s } else if (s < second) second = s` without a branch.
  (func $nearest4 (param $row i32) (param $pairs i32) (param $end i32) (result f64 f64 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $best v128) (local $second v128) (local $index v128) (local $j v128) (local $s v128) (local $a v128) (local $p i32)
    (local.set $x0 (v128.load64_splat offset=0 (local.get $row)))
    (local.set $x1 (v128.load64_splat offset=8 (local.get $row)))
    (local.set $x2 (v128.load64_splat offset=16 (local.get $row)))
    (local.set $x3 (v128.load64_splat offset=24 (local.get $row)))
    (local.set $best (f64x2.splat (f64.const inf)))
    (local.set $second (local.get $best))
    (local.set $index (v128.const i64x2 0 1))
    (local.set $j (local.get $index))
    (local.set $p (local.get $pairs))
    (loop $pair
      (local.set $a (f64x2.sub (local.get $x0) (v128.load offset=0 (local.get $p))))
      (local.set $s (f64x2.mul (local.get $a) (local.get $a)))
      (local.set $a (f64x2.sub (local.get $x1) (v128.load offset=16 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x2) (v128.load offset=32 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x3) (v128.load offset=48 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $index (v128.bitselect (local.get $j) (local.get $index) (f64x2.lt (local.get $s) (local.get $best))))
      (local.set $second (f64x2.pmin (local.get $second) (f64x2.pmax (local.get $best) (local.get $s))))
      (local.set $best (f64x2.pmin (local.get $best) (local.get $s)))
      (local.set $j (i64x2.add (local.get $j) (v128.const i64x2 2 2)))
      (br_if $pair (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 64))) (local.get $end))))
    (call $pick (local.get $best) (local.get $second) (local.get $index)))

  (func $nearest6 (param $row i32) (param $pairs i32) (param $end i32) (result f64 f64 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $x4 v128) (local $x5 v128)
    (local $best v128) (local $second v128) (local $index v128) (local $j v128) (local $s v128) (local $a v128) (local $p i32)
    (local.set $x0 (v128.load64_splat offset=0 (local.get $row)))
    (local.set $x1 (v128.load64_splat offset=8 (local.get $row)))
    (local.set $x2 (v128.load64_splat offset=16 (local.get $row)))
    (local.set $x3 (v128.load64_splat offset=24 (local.get $row)))
    (local.set $x4 (v128.load64_splat offset=32 (local.get $row)))
    (local.set $x5 (v128.load64_splat offset=40 (local.get $row)))
    (local.set $best (f64x2.splat (f64.const inf)))
    (local.set $second (local.get $best))
    (local.set $index (v128.const i64x2 0 1))
    (local.set $j (local.get $index))
    (local.set $p (local.get $pairs))
    (loop $pair
      (local.set $a (f64x2.sub (local.get $x0) (v128.load offset=0 (local.get $p))))
      (local.set $s (f64x2.mul (local.get $a) (local.get $a)))
      (local.set $a (f64x2.sub (local.get $x1) (v128.load offset=16 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x2) (v128.load offset=32 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x3) (v128.load offset=48 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x4) (v128.load offset=64 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x5) (v128.load offset=80 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $index (v128.bitselect (local.get $j) (local.get $index) (f64x2.lt (local.get $s) (local.get $best))))
      (local.set $second (f64x2.pmin (local.get $second) (f64x2.pmax (local.get $best) (local.get $s))))
      (local.set $best (f64x2.pmin (local.get $best) (local.get $s)))
      (local.set $j (i64x2.add (local.get $j) (v128.const i64x2 2 2)))
      (br_if $pair (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 128))) (local.get $end))))
    (call $pick (local.get $best) (local.get $second) (local.get $index)))

  (func $nearest8 (param $row i32) (param $pairs i32) (param $end i32) (result f64 f64 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $x4 v128) (local $x5 v128) (local $x6 v128) (local $x7 v128)
    (local $best v128) (local $second v128) (local $index v128) (local $j v128) (local $s v128) (local $a v128) (local $p i32)
    (local.set $x0 (v128.load64_splat offset=0 (local.get $row)))
    (local.set $x1 (v128.load64_splat offset=8 (local.get $row)))
    (local.set $x2 (v128.load64_splat offset=16 (local.get $row)))
    (local.set $x3 (v128.load64_splat offset=24 (local.get $row)))
    (local.set $x4 (v128.load64_splat offset=32 (local.get $row)))
    (local.set $x5 (v128.load64_splat offset=40 (local.get $row)))
    (local.set $x6 (v128.load64_splat offset=48 (local.get $row)))
    (local.set $x7 (v128.load64_splat offset=56 (local.get $row)))
    (local.set $best (f64x2.splat (f64.const inf)))
    (local.set $second (local.get $best))
    (local.set $index (v128.const i64x2 0 1))
    (local.set $j (local.get $index))
    (local.set $p (local.get $pairs))
    (loop $pair
      (local.set $a (f64x2.sub (local.get $x0) (v128.load offset=0 (local.get $p))))
      (local.set $s (f64x2.mul (local.get $a) (local.get $a)))
      (local.set $a (f64x2.sub (local.get $x1) (v128.load offset=16 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x2) (v128.load offset=32 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x3) (v128.load offset=48 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x4) (v128.load offset=64 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x5) (v128.load offset=80 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x6) (v128.load offset=96 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $a (f64x2.sub (local.get $x7) (v128.load offset=112 (local.get $p))))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $a) (local.get $a))))
      (local.set $index (v128.bitselect (local.get $j) (local.get $index) (f64x2.lt (local.get $s) (local.get $best))))
      (local.set $second (f64x2.pmin (local.get $second) (f64x2.pmax (local.get $best) (local.get $s))))
      (local.set $best (f64x2.pmin (local.get $best) (local.get $s)))
      (local.set $j (i64x2.add (local.get $j) (v128.const i64x2 2 2)))
      (br_if $pair (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 128))) (local.get $end))))
    (call $pick (local.get $best) (local.get $second) (local.get $index)))

  (func $nearest (param $w i32) (param $row i32) (param $pairs i32) (param $end i32) (result f64 f64 i32)
    (if (result f64 f64 i32) (i32.eq (local.get $w) (i32.const 6))
      (then (call $nearest6 (local.get $row) (local.get $pairs) (local.get $end)))
      (else
        (if (result f64 f64 i32) (i32.eq (local.get $w) (i32.const 4))
          (then (call $nearest4 (local.get $row) (local.get $pairs) (local.get $end)))
          (else (call $nearest8 (local.get $row) (local.get $pairs) (local.get $end)))))))

  ;; Squared distance from the row to centre $c alone, in its lane of the pairs. Unrolled: the
  ;; width tests always go the same way, so they cost less than a loop.
  (func $distance (param $w i32) (param $row i32) (param $pairs i32) (param $pairBytes i32) (param $c i32) (result f64)
    (local $p i32) (local $s f64) (local $a f64)
    (local.set $p
      (i32.add (local.get $pairs)
        (i32.add (i32.mul (i32.shr_u (local.get $c) (i32.const 1)) (local.get $pairBytes))
          (i32.shl (i32.and (local.get $c) (i32.const 1)) (i32.const 3)))))
    (local.set $a (f64.sub (f64.load offset=0 (local.get $row)) (f64.load offset=0 (local.get $p))))
    (local.set $s (f64.mul (local.get $a) (local.get $a)))
    (local.set $a (f64.sub (f64.load offset=8 (local.get $row)) (f64.load offset=16 (local.get $p))))
    (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $a))))
    (local.set $a (f64.sub (f64.load offset=16 (local.get $row)) (f64.load offset=32 (local.get $p))))
    (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $a))))
    (local.set $a (f64.sub (f64.load offset=24 (local.get $row)) (f64.load offset=48 (local.get $p))))
    (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $a))))
    (if (i32.gt_u (local.get $w) (i32.const 4))
      (then
        (local.set $a (f64.sub (f64.load offset=32 (local.get $row)) (f64.load offset=64 (local.get $p))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $a))))
        (local.set $a (f64.sub (f64.load offset=40 (local.get $row)) (f64.load offset=80 (local.get $p))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $a))))))
    (if (i32.gt_u (local.get $w) (i32.const 6))
      (then
        (local.set $a (f64.sub (f64.load offset=48 (local.get $row)) (f64.load offset=96 (local.get $p))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $a))))
        (local.set $a (f64.sub (f64.load offset=56 (local.get $row)) (f64.load offset=112 (local.get $p))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $a))))))
    (local.get $s))

  (func $squaredNorm (param $w i32) (param $row i32) (result f64)
    (local $end i32) (local $q f64) (local $x f64)
    (local.set $end (i32.add (local.get $row) (i32.shl (local.get $w) (i32.const 3))))
    (loop $column
      (local.set $x (f64.load (local.get $row)))
      (local.set $q (f64.add (local.get $q) (f64.mul (local.get $x) (local.get $x))))
      (br_if $column (i32.lt_u (local.tee $row (i32.add (local.get $row) (i32.const 8))) (local.get $end))))
    (local.get $q))

  ;; Each lane is one column's running sum; the padding adds 0 to a sum of 0.
  (func $addRow (param $w i32) (param $row i32) (param $sum i32)
    (v128.store offset=0 (local.get $sum) (f64x2.add (v128.load offset=0 (local.get $sum)) (v128.load offset=0 (local.get $row))))
    (v128.store offset=16 (local.get $sum) (f64x2.add (v128.load offset=16 (local.get $sum)) (v128.load offset=16 (local.get $row))))
    (if (i32.gt_u (local.get $w) (i32.const 4))
      (then
        (v128.store offset=32 (local.get $sum) (f64x2.add (v128.load offset=32 (local.get $sum)) (v128.load offset=32 (local.get $row))))))
    (if (i32.gt_u (local.get $w) (i32.const 6))
      (then
        (v128.store offset=48 (local.get $sum) (f64x2.add (v128.load offset=48 (local.get $sum)) (v128.load offset=48 (local.get $row)))))))

  (func $countRow (param $counts i32) (param $c i32)
    (local $at i32)
    (local.set $at (i32.add (local.get $counts) (i32.shl (local.get $c) (i32.const 3))))
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.const 1))))

  ;; LloydPart.assignAll: every row against every centre. The caller zeroes sums, counts, squares.
  (func (export "assignAll")
    (param $n i32) (param $w i32) (param $cs i32) (param $rows i32) (param $labels i32) (param $upper i32) (param $lower i32)
    (param $pairs i32) (param $end i32) (param $sums i32) (param $counts i32) (param $squares i32)
    (local $i i32) (local $row i32) (local $a i32) (local $best f64) (local $second f64) (local $at i32)
    (global.set $nearestRows (local.get $n))
    (local.set $row (local.get $rows))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (call $nearest (local.get $w) (local.get $row) (local.get $pairs) (local.get $end))
        (local.set $a)
        (local.set $second)
        (local.set $best)
        (i32.store (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2))) (local.get $a))
        (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (local.get $best)))
        (f64.store (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (local.get $second)))
        (call $countRow (local.get $counts) (local.get $a))
        (local.set $at (i32.add (local.get $squares) (i32.shl (local.get $a) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (call $squaredNorm (local.get $w) (local.get $row))))
        (call $addRow (local.get $w) (local.get $row) (i32.add (local.get $sums) (i32.mul (local.get $a) (i32.shl (local.get $cs) (i32.const 3)))))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $w) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop))))

  ;; LloydPart.assign: Hamerly's tests per row, then as the JS loop, line for line. Returns how many
  ;; labels changed. The caller zeroes sums and counts; squares carry over from the last pass.
  ;; With $tight, every row is measured against its own centre, as if its upper bound failed: where
  ;; many rows fail it, that costs less than the branch mispredicted on the rest. The upper bounds
  ;; stay valid (they become exact), so the labels, and every result, are the same either way.
  (func (export "assign")
    (param $n i32) (param $w i32) (param $cs i32) (param $rows i32) (param $labels i32) (param $upper i32) (param $lower i32)
    (param $pairs i32) (param $end i32) (param $sums i32) (param $counts i32) (param $squares i32)
    (param $drift i32) (param $fall i32) (param $half i32) (param $slack f64) (param $tight i32) (result i32)
    (local $i i32) (local $row i32) (local $a i32) (local $b i32) (local $changed i32) (local $pairBytes i32)
    (local $h f64) (local $l f64) (local $bound f64) (local $u f64) (local $q f64) (local $best f64) (local $second f64)
    (local $upperAt i32) (local $lowerAt i32) (local $at i32) (local $measured i32)
    (local.set $row (local.get $rows))
    (local.set $pairBytes (i32.shl (local.get $cs) (i32.const 4)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $a (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $upperAt (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $lowerAt (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $l (f64.sub (f64.load (local.get $lowerAt)) (f64.load (i32.add (local.get $fall) (i32.shl (local.get $a) (i32.const 3))))))
        (local.set $h (f64.load (i32.add (local.get $half) (i32.shl (local.get $a) (i32.const 3)))))
        (local.set $bound
          (f64.mul (f64.const 0.5)
            (f64.add (f64.add (local.get $h) (local.get $l)) (f64.abs (f64.sub (local.get $h) (local.get $l))))))
        (if
          (if (result i32) (local.get $tight)
            (then (i32.const 1))
            (else
              (f64.ge
                (f64.add (f64.add (f64.load (local.get $upperAt)) (f64.load (i32.add (local.get $drift) (i32.shl (local.get $a) (i32.const 3))))) (local.get $slack))
                (local.get $bound))))
          (then
            (local.set $u (f64.sqrt (call $distance (local.get $w) (local.get $row) (local.get $pairs) (local.get $pairBytes) (local.get $a))))
            (if (f64.ge (f64.add (local.get $u) (local.get $slack)) (local.get $bound))
              (then
                (local.set $measured (i32.add (local.get $measured) (i32.const 1)))
                (call $nearest (local.get $w) (local.get $row) (local.get $pairs) (local.get $end))
                (local.set $b)
                (local.set $second)
                (local.set $best)
                (if (i32.ne (local.get $b) (local.get $a))
                  (then
                    (local.set $q (call $squaredNorm (local.get $w) (local.get $row)))
                    (local.set $at (i32.add (local.get $squares) (i32.shl (local.get $a) (i32.const 3))))
                    (f64.store (local.get $at) (f64.sub (f64.load (local.get $at)) (local.get $q)))
                    (local.set $at (i32.add (local.get $squares) (i32.shl (local.get $b) (i32.const 3))))
                    (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $q)))
                    (local.set $a (local.get $b))
                    (i32.store (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2))) (local.get $b))
                    (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
                (f64.store (local.get $upperAt)
                  (f64.sub (f64.sqrt (local.get $best)) (f64.load (i32.add (local.get $drift) (i32.shl (local.get $a) (i32.const 3))))))
                (f64.store (local.get $lowerAt)
                  (f64.add (f64.sqrt (local.get $second)) (f64.load (i32.add (local.get $fall) (i32.shl (local.get $a) (i32.const 3)))))))
              (else
                (f64.store (local.get $upperAt)
                  (f64.sub (local.get $u) (f64.load (i32.add (local.get $drift) (i32.shl (local.get $a) (i32.const 3))))))))))
        (call $countRow (local.get $counts) (local.get $a))
        (call $addRow (local.get $w) (local.get $row) (i32.add (local.get $sums) (i32.mul (local.get $a) (i32.shl (local.get $cs) (i32.const 3)))))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $w) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop)))
    (global.set $nearestRows (local.get $measured))
    (local.get $changed))

  ;; LloydPart.finish: each row's distance to its final centre, after re-assigning (when $reassign)
  ;; the rows whose bounds cannot vouch for their label. Returns the inertia, summed in row order.
  (func (export "finish")
    (param $n i32) (param $w i32) (param $cs i32) (param $rows i32) (param $labels i32) (param $lower i32)
    (param $pairs i32) (param $end i32) (param $fall i32) (param $half i32) (param $slack f64) (param $reassign i32)
    (param $distances i32) (result f64)
    (local $i i32) (local $row i32) (local $a i32) (local $s f64) (local $inertia f64) (local $second f64) (local $pairBytes i32)
    (local.set $row (local.get $rows))
    (local.set $pairBytes (i32.shl (local.get $cs) (i32.const 4)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $a (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $s (call $distance (local.get $w) (local.get $row) (local.get $pairs) (local.get $pairBytes) (local.get $a)))
        (if
          (i32.and (local.get $reassign)
            (f64.ge
              (f64.add (f64.sqrt (local.get $s)) (local.get $slack))
              (f64.max
                (f64.load (i32.add (local.get $half) (i32.shl (local.get $a) (i32.const 3))))
                (f64.sub
                  (f64.load (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3))))
                  (f64.load (i32.add (local.get $fall) (i32.shl (local.get $a) (i32.const 3))))))))
          (then
            (call $nearest (local.get $w) (local.get $row) (local.get $pairs) (local.get $end))
            (local.set $a)
            (local.set $second)
            (local.set $s)
            (i32.store (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2))) (local.get $a))))
        (local.set $inertia (f64.add (local.get $inertia) (local.get $s)))
        (f64.store (i32.add (local.get $distances) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (local.get $s)))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $w) (i32.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rowLoop)))
    (local.get $inertia))
)

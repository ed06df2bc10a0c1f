;; PDQ's Jarosz box filters in WebAssembly SIMD, the three full-size passes of pdq-blur.ts's
;; blurDecimate64 (decision 0128). Every sum and quotient is a float32 operation in the reference's
;; order (f32x4 lanes round as Math.fround and Float32Array stores do; a float32 quotient equals the
;; float64 one rounded to float32), so the bits are the JavaScript passes' bits: pdq-blur.test.ts
;; checks them against each other. The row passes run four rows in the four lanes, the column pass
;; four columns. Buffers are row-major float32 with a row stride of `stride` floats (a multiple of
;; 4); pointers are byte offsets into the exported memory, which pdq-blur.ts lays out and grows.
;; Since decision 0160 it also runs PDQ's DCT (pdq.ts's dct64To16), the same way: `dct` below.
;; Built into pdq-blur-wasm.ts by `npm run build:wasm` (scripts/build-pdq-wasm.mjs, wabt).
(module
  (memory (export "memory") 1)

  ;; Four lanes = four rows (r, r+1, r+2, r+3, the last row repeated past the end) read at `off` bytes.
  (func $gather (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32) (param $off i32) (result v128)
    (f32x4.replace_lane 3
      (f32x4.replace_lane 2
        (f32x4.replace_lane 1
          (f32x4.splat (f32.load (i32.add (local.get $a0) (local.get $off))))
          (f32.load (i32.add (local.get $a1) (local.get $off))))
        (f32.load (i32.add (local.get $a2) (local.get $off))))
      (f32.load (i32.add (local.get $a3) (local.get $off)))))

  (func $scatter (param $d0 i32) (param $d1 i32) (param $d2 i32) (param $d3 i32) (param $off i32) (param $v v128)
    (f32.store (i32.add (local.get $d0) (local.get $off)) (f32x4.extract_lane 0 (local.get $v)))
    (f32.store (i32.add (local.get $d1) (local.get $off)) (f32x4.extract_lane 1 (local.get $v)))
    (f32.store (i32.add (local.get $d2) (local.get $off)) (f32x4.extract_lane 2 (local.get $v)))
    (f32.store (i32.add (local.get $d3) (local.get $off)) (f32x4.extract_lane 3 (local.get $v))))

  ;; Row `r` of a buffer at `base`, clamped to the last row.
  (func $row (param $base i32) (param $r i32) (param $last i32) (param $stride i32) (result i32)
    (i32.add (local.get $base)
      (i32.shl (i32.mul (select (local.get $r) (local.get $last) (i32.lt_s (local.get $r) (local.get $last)))
                        (local.get $stride)) (i32.const 2))))

  ;; Box filter along each row of src into dst (both `rows` x `stride`), phases p1..p4 of the
  ;; reference's 1-D filter; with $sampled, the running sums go to $line (a v128 per column) instead
  ;; and only the 64 columns at $at (int32) are divided (by $sizes, float32 per column) into
  ;; dst (rows x 64).
  (func $rows (param $src i32) (param $dst i32) (param $rows i32) (param $stride i32)
              (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32)
              (param $sampled i32) (param $line i32) (param $at i32) (param $sizes i32)
    (local $r i32) (local $last i32) (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $d0 i32) (local $d1 i32) (local $d2 i32) (local $d3 i32) (local $s v128) (local $ri i32)
    (local $li i32) (local $oi i32) (local $i i32) (local $size f32) (local $j i32) (local $c i32) (local $v v128)
    (local.set $last (i32.sub (local.get $rows) (i32.const 1)))
    (local.set $r (i32.const 0))
    (block $done (loop $group
      (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $a0 (call $row (local.get $src) (local.get $r) (local.get $last) (local.get $stride)))
      (local.set $a1 (call $row (local.get $src) (i32.add (local.get $r) (i32.const 1)) (local.get $last) (local.get $stride)))
      (local.set $a2 (call $row (local.get $src) (i32.add (local.get $r) (i32.const 2)) (local.get $last) (local.get $stride)))
      (local.set $a3 (call $row (local.get $src) (i32.add (local.get $r) (i32.const 3)) (local.get $last) (local.get $stride)))
      (local.set $d0 (call $row (local.get $dst) (local.get $r) (local.get $last) (local.get $stride)))
      (local.set $d1 (call $row (local.get $dst) (i32.add (local.get $r) (i32.const 1)) (local.get $last) (local.get $stride)))
      (local.set $d2 (call $row (local.get $dst) (i32.add (local.get $r) (i32.const 2)) (local.get $last) (local.get $stride)))
      (local.set $d3 (call $row (local.get $dst) (i32.add (local.get $r) (i32.const 3)) (local.get $last) (local.get $stride)))
      (local.set $s (v128.const i32x4 0 0 0 0))
      (local.set $ri (i32.const 0))
      (local.set $li (i32.const 0))
      (local.set $oi (i32.const 0))
      (local.set $size (f32.const 0))
      ;; p1: accumulate without writing
      (local.set $i (i32.const 0))
      (block $e1 (loop $l1
        (br_if $e1 (i32.ge_s (local.get $i) (local.get $p1)))
        (local.set $s (f32x4.add (local.get $s) (call $gather (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $ri))))
        (local.set $ri (i32.add (local.get $ri) (i32.const 4)))
        (local.set $size (f32.add (local.get $size) (f32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l1)))
      ;; p2: growing window
      (local.set $i (i32.const 0))
      (block $e2 (loop $l2
        (br_if $e2 (i32.ge_s (local.get $i) (local.get $p2)))
        (local.set $size (f32.add (local.get $size) (f32.const 1)))
        (local.set $s (f32x4.add (local.get $s) (call $gather (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $ri))))
        (call $emit (local.get $sampled) (local.get $line) (local.get $d0) (local.get $d1) (local.get $d2) (local.get $d3) (local.get $oi) (local.get $s) (local.get $size))
        (local.set $ri (i32.add (local.get $ri) (i32.const 4)))
        (local.set $oi (i32.add (local.get $oi) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l2)))
      ;; p3: full window
      (local.set $i (i32.const 0))
      (block $e3 (loop $l3
        (br_if $e3 (i32.ge_s (local.get $i) (local.get $p3)))
        (local.set $s (f32x4.sub
          (f32x4.add (local.get $s) (call $gather (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $ri)))
          (call $gather (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $li))))
        (call $emit (local.get $sampled) (local.get $line) (local.get $d0) (local.get $d1) (local.get $d2) (local.get $d3) (local.get $oi) (local.get $s) (local.get $size))
        (local.set $ri (i32.add (local.get $ri) (i32.const 4)))
        (local.set $li (i32.add (local.get $li) (i32.const 4)))
        (local.set $oi (i32.add (local.get $oi) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l3)))
      ;; p4: shrinking window
      (local.set $i (i32.const 0))
      (block $e4 (loop $l4
        (br_if $e4 (i32.ge_s (local.get $i) (local.get $p4)))
        (local.set $size (f32.sub (local.get $size) (f32.const 1)))
        (local.set $s (f32x4.sub (local.get $s) (call $gather (local.get $a0) (local.get $a1) (local.get $a2) (local.get $a3) (local.get $li))))
        (call $emit (local.get $sampled) (local.get $line) (local.get $d0) (local.get $d1) (local.get $d2) (local.get $d3) (local.get $oi) (local.get $s) (local.get $size))
        (local.set $li (i32.add (local.get $li) (i32.const 4)))
        (local.set $oi (i32.add (local.get $oi) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l4)))
      ;; sampled: divide the 64 sampled columns of the four rows into dst (rows x 64)
      (if (local.get $sampled) (then
        (local.set $d0 (i32.shl (i32.mul (local.get $r) (i32.const 64)) (i32.const 2)))
        (local.set $d1 (i32.shl (i32.mul (select (i32.add (local.get $r) (i32.const 1)) (local.get $last) (i32.lt_s (i32.add (local.get $r) (i32.const 1)) (local.get $last))) (i32.const 64)) (i32.const 2)))
        (local.set $d2 (i32.shl (i32.mul (select (i32.add (local.get $r) (i32.const 2)) (local.get $last) (i32.lt_s (i32.add (local.get $r) (i32.const 2)) (local.get $last))) (i32.const 64)) (i32.const 2)))
        (local.set $d3 (i32.shl (i32.mul (select (i32.add (local.get $r) (i32.const 3)) (local.get $last) (i32.lt_s (i32.add (local.get $r) (i32.const 3)) (local.get $last))) (i32.const 64)) (i32.const 2)))
        (local.set $j (i32.const 0))
        (block $ej (loop $lj
          (br_if $ej (i32.ge_s (local.get $j) (i32.const 64)))
          (local.set $c (i32.load (i32.add (local.get $at) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $v (f32x4.div
            (v128.load (i32.add (local.get $line) (i32.shl (local.get $c) (i32.const 4))))
            (f32x4.splat (f32.load (i32.add (local.get $sizes) (i32.shl (local.get $c) (i32.const 2)))))))
          (call $scatter
            (i32.add (local.get $dst) (local.get $d0)) (i32.add (local.get $dst) (local.get $d1))
            (i32.add (local.get $dst) (local.get $d2)) (i32.add (local.get $dst) (local.get $d3))
            (i32.shl (local.get $j) (i32.const 2)) (local.get $v))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $lj)))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $group))))

  ;; One output position of the row filter: divided into dst, or (sampled) the raw sums kept.
  (func $emit (param $sampled i32) (param $line i32) (param $d0 i32) (param $d1 i32) (param $d2 i32) (param $d3 i32)
              (param $oi i32) (param $s v128) (param $size f32)
    (if (local.get $sampled)
      (then (v128.store (i32.add (local.get $line) (i32.shl (local.get $oi) (i32.const 2))) (local.get $s)))
      (else (call $scatter (local.get $d0) (local.get $d1) (local.get $d2) (local.get $d3) (local.get $oi)
                           (f32x4.div (local.get $s) (f32x4.splat (local.get $size)))))))

  ;; Box filter down each column of src into dst (both `rows` x `stride`), four columns a lane group.
  (export "rows" (func $rows))
  (func (export "cols") (param $src i32) (param $dst i32) (param $rows i32) (param $stride i32)
              (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $p4 i32) (param $sums i32)
    (local $rowBytes i32) (local $ri i32) (local $li i32) (local $oi i32) (local $i i32) (local $j i32)
    (local $size f32) (local $v v128) (local $sz v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (memory.fill (local.get $sums) (i32.const 0) (local.get $rowBytes))
    (local.set $ri (local.get $src))
    (local.set $li (local.get $src))
    (local.set $oi (local.get $dst))
    ;; p1
    (local.set $i (i32.const 0))
    (block $e1 (loop $l1
      (br_if $e1 (i32.ge_s (local.get $i) (local.get $p1)))
      (local.set $j (i32.const 0))
      (block $ej (loop $lj
        (br_if $ej (i32.ge_s (local.get $j) (local.get $rowBytes)))
        (v128.store (i32.add (local.get $sums) (local.get $j))
          (f32x4.add (v128.load (i32.add (local.get $sums) (local.get $j)))
                     (v128.load (i32.add (local.get $ri) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $lj)))
      (local.set $ri (i32.add (local.get $ri) (local.get $rowBytes)))
      (local.set $size (f32.add (local.get $size) (f32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1)))
    ;; p2
    (local.set $i (i32.const 0))
    (block $e2 (loop $l2
      (br_if $e2 (i32.ge_s (local.get $i) (local.get $p2)))
      (local.set $size (f32.add (local.get $size) (f32.const 1)))
      (local.set $sz (f32x4.splat (local.get $size)))
      (local.set $j (i32.const 0))
      (block $ej (loop $lj
        (br_if $ej (i32.ge_s (local.get $j) (local.get $rowBytes)))
        (local.set $v (f32x4.add (v128.load (i32.add (local.get $sums) (local.get $j)))
                                 (v128.load (i32.add (local.get $ri) (local.get $j)))))
        (v128.store (i32.add (local.get $sums) (local.get $j)) (local.get $v))
        (v128.store (i32.add (local.get $oi) (local.get $j)) (f32x4.div (local.get $v) (local.get $sz)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $lj)))
      (local.set $ri (i32.add (local.get $ri) (local.get $rowBytes)))
      (local.set $oi (i32.add (local.get $oi) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l2)))
    ;; p3
    (local.set $sz (f32x4.splat (local.get $size)))
    (local.set $i (i32.const 0))
    (block $e3 (loop $l3
      (br_if $e3 (i32.ge_s (local.get $i) (local.get $p3)))
      (local.set $j (i32.const 0))
      (block $ej (loop $lj
        (br_if $ej (i32.ge_s (local.get $j) (local.get $rowBytes)))
        (local.set $v (f32x4.sub
          (f32x4.add (v128.load (i32.add (local.get $sums) (local.get $j)))
                     (v128.load (i32.add (local.get $ri) (local.get $j))))
          (v128.load (i32.add (local.get $li) (local.get $j)))))
        (v128.store (i32.add (local.get $sums) (local.get $j)) (local.get $v))
        (v128.store (i32.add (local.get $oi) (local.get $j)) (f32x4.div (local.get $v) (local.get $sz)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $lj)))
      (local.set $ri (i32.add (local.get $ri) (local.get $rowBytes)))
      (local.set $li (i32.add (local.get $li) (local.get $rowBytes)))
      (local.set $oi (i32.add (local.get $oi) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l3)))
    ;; p4
    (local.set $i (i32.const 0))
    (block $e4 (loop $l4
      (br_if $e4 (i32.ge_s (local.get $i) (local.get $p4)))
      (local.set $size (f32.sub (local.get $size) (f32.const 1)))
      (local.set $sz (f32x4.splat (local.get $size)))
      (local.set $j (i32.const 0))
      (block $ej (loop $lj
        (br_if $ej (i32.ge_s (local.get $j) (local.get $rowBytes)))
        (local.set $v (f32x4.sub (v128.load (i32.add (local.get $sums) (local.get $j)))
                                 (v128.load (i32.add (local.get $li) (local.get $j)))))
        (v128.store (i32.add (local.get $sums) (local.get $j)) (local.get $v))
        (v128.store (i32.add (local.get $oi) (local.get $j)) (f32x4.div (local.get $v) (local.get $sz)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $lj)))
      (local.set $li (i32.add (local.get $li) (local.get $rowBytes)))
      (local.set $oi (i32.add (local.get $oi) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l4))))

  ;; PDQ's DCT (pdq.ts's dct64To16): B = D A D^T for frequencies 1..16 of the 64x64 image at $a,
  ;; with D (16 x 64) at $d and its transpose (64 x 16) at $dt, through $t (16 x 64) into $out
  ;; (16 x 16). Each coefficient sums its 64 float32 products from k = 0 up, as the JavaScript does
  ;; (f32x4.mul and f32x4.add round each lane as Math.fround and a Float32Array store do); the
  ;; lanes are four neighbouring j of the same sum.
  (func (export "dct") (param $a i32) (param $d i32) (param $dt i32) (param $t i32) (param $out i32)
    (local $i i32) (local $k i32) (local $j i32) (local $row i32) (local $w v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $b i32)
    ;; t = D A: row i of t, 64 sums advanced over k
    (memory.fill (local.get $t) (i32.const 0) (i32.const 4096))
    (local.set $i (i32.const 0))
    (block $ei (loop $li
      (br_if $ei (i32.ge_s (local.get $i) (i32.const 16)))
      (local.set $row (i32.add (local.get $t) (i32.shl (local.get $i) (i32.const 8))))
      (local.set $k (i32.const 0))
      (block $ek (loop $lk
        (br_if $ek (i32.ge_s (local.get $k) (i32.const 64)))
        (local.set $w (f32x4.splat (f32.load
          (i32.add (local.get $d) (i32.shl (i32.add (i32.shl (local.get $i) (i32.const 6)) (local.get $k)) (i32.const 2))))))
        (local.set $b (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 8))))
        (local.set $j (i32.const 0))
        (block $ej (loop $lj
          (br_if $ej (i32.ge_s (local.get $j) (i32.const 256)))
          (v128.store (i32.add (local.get $row) (local.get $j))
            (f32x4.add (v128.load (i32.add (local.get $row) (local.get $j)))
                       (f32x4.mul (local.get $w) (v128.load (i32.add (local.get $b) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $lj)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $lk)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $li)))
    ;; out = t D^T: row i of out, its 16 sums in four lane groups advanced over k
    (local.set $i (i32.const 0))
    (block $ei2 (loop $li2
      (br_if $ei2 (i32.ge_s (local.get $i) (i32.const 16)))
      (local.set $row (i32.add (local.get $t) (i32.shl (local.get $i) (i32.const 8))))
      (local.set $s0 (v128.const i32x4 0 0 0 0))
      (local.set $s1 (v128.const i32x4 0 0 0 0))
      (local.set $s2 (v128.const i32x4 0 0 0 0))
      (local.set $s3 (v128.const i32x4 0 0 0 0))
      (local.set $k (i32.const 0))
      (block $ek2 (loop $lk2
        (br_if $ek2 (i32.ge_s (local.get $k) (i32.const 64)))
        (local.set $w (f32x4.splat (f32.load (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 2))))))
        (local.set $b (i32.add (local.get $dt) (i32.shl (local.get $k) (i32.const 6))))
        (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $w) (v128.load offset=0 (local.get $b)))))
        (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $w) (v128.load offset=16 (local.get $b)))))
        (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $w) (v128.load offset=32 (local.get $b)))))
        (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $w) (v128.load offset=48 (local.get $b)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $lk2)))
      (local.set $b (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 6))))
      (v128.store offset=0 (local.get $b) (local.get $s0))
      (v128.store offset=16 (local.get $b) (local.get $s1))
      (v128.store offset=32 (local.get $b) (local.get $s2))
      (v128.store offset=48 (local.get $b) (local.get $s3))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $li2))))
)

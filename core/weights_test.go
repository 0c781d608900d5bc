package core

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// weightsCfg is a small odd-sized network: HZ = 4, WZ = 5, P is 2×2.
var weightsCfg = Config{C: 2, H: 6, W: 7, K: 3, F: 3, M: 4}

func savedWeights(t testing.TB, cfg Config, seed uint64) (Params, []byte) {
	t.Helper()
	p := NewParams(cfg)
	p.Init(cfg, rand.New(rand.NewPCG(seed, 7)))
	for i := range p.B.Data { // nonzero biases, so that their place is checked
		p.B.Data[i] = float64(i) + 0.5
	}
	for i := range p.C.Data {
		p.C.Data[i] = -float64(i) - 0.25
	}
	var buf bytes.Buffer
	if err := p.Save(&buf, cfg); err != nil {
		t.Fatalf("Save: %v", err)
	}
	return p, buf.Bytes()
}

// withCRC returns b with its last four bytes replaced by the CRC-32 of the
// rest, as Save would write it.
func withCRC(b []byte) []byte {
	b = bytes.Clone(b)
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func TestWeightsRoundTrip(t *testing.T) {
	for _, cfg := range []Config{weightsCfg, MNIST, {C: 1, H: 2, W: 2, K: 1, F: 1, M: 2}} {
		p, b := savedWeights(t, cfg, 1)
		if want := 32 + 8*paramCount(cfg) + 4; len(b) != want {
			t.Errorf("%v: Save wrote %d bytes, want %d", cfg, len(b), want)
		}
		got, q, err := LoadParams(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%v: LoadParams(Save(p)): %v", cfg, err)
		}
		if got != cfg {
			t.Errorf("LoadParams config %v, want %v", got, cfg)
		}
		for _, pair := range [][2]Tensor{{q.W, p.W}, {q.B, p.B}, {q.U, p.U}, {q.C, p.C}} {
			if !sameBits(pair[0].Data, pair[1].Data) || !slices.Equal(pair[0].Shape, pair[1].Shape) {
				t.Fatalf("%v: LoadParams(Save(p)) differs from p: shape %v, want %v", cfg, pair[0].Shape, pair[1].Shape)
			}
		}
	}
}

// TestWeightsFormat pins the documented layout byte by byte, so that a
// change of format cannot pass unnoticed (it needs a new version).
func TestWeightsFormat(t *testing.T) {
	cfg := Config{C: 1, H: 3, W: 3, K: 2, F: 1, M: 2} // Z 2×2, P 1×1, N = 1
	p := NewParams(cfg)
	copy(p.W.Data, []float64{1, 2, 3, 4})
	p.B.Data[0] = 5
	copy(p.U.Data, []float64{6, 7})
	copy(p.C.Data, []float64{8, -0.5})
	var buf bytes.Buffer
	if err := p.Save(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	want := []byte("BPLW")
	for _, v := range []uint32{1, 1, 3, 3, 2, 1, 2} { // version, C H W K F M
		want = binary.LittleEndian.AppendUint32(want, v)
	}
	for _, v := range []float64{1, 2, 3, 4, 5, 6, 7, 8, -0.5} { // W, b, U, c
		want = binary.LittleEndian.AppendUint64(want, math.Float64bits(v))
	}
	want = binary.LittleEndian.AppendUint32(want, crc32.ChecksumIEEE(want))
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("Save =\n% x\nwant\n% x", buf.Bytes(), want)
	}
}

func TestLoadParamsErrors(t *testing.T) {
	_, good := savedWeights(t, weightsCfg, 2)
	set := func(off int, v []byte) []byte {
		b := bytes.Clone(good)
		copy(b[off:], v)
		return b
	}
	u32 := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	f64 := func(v float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)) }
	nW := weightsCfg.F * weightsCfg.C * weightsCfg.K * weightsCfg.K
	for _, tc := range []struct {
		name string
		file []byte
		want []string
	}{
		{"empty", nil, []string{"truncated", "32 bytes", "found 0"}},
		{"truncated header", good[:20], []string{"truncated", "found 20"}},
		{"wrong magic", set(0, []byte("BPLX")), []string{`"BPLX"`, `want "BPLW"`}},
		{"gzip", set(0, []byte{0x1f, 0x8b, 8, 0}), []string{"not a Backprop Lab weights file"}},
		{"version 2", set(4, u32(2)), []string{"version 2, want 1"}},
		{"version 0", set(4, u32(0)), []string{"version 0, want 1"}},
		{"kernel too large", set(8+4*3, u32(9)), []string{"sizes", "K = 9"}},
		{"zero classes", set(8+4*5, u32(0)), []string{"M = 0"}},
		{"huge F", set(8+4*4, u32(0xffffffff)), []string{"F = "}},
		{"sizes smaller than the values", set(8, u32(1)), []string{"bytes after the checksum"}}, // C=1 needs fewer values
		{"sizes larger than the values", set(8+4*5, u32(40)), []string{"truncated", "M=40"}},
		// Found by FuzzLoadParams: every size is below MaxElems, but C·H·W
		// and the other products overflow int64.
		{"sizes whose product overflows int64", set(8, []byte("001\x00000\x00000\x0000\x11\x00000\x00000\x00")), []string{"X (C·H·W) has 32150149820090265600 elements", "at most 16777216"}},
		{"truncated values", good[:len(good)-100], []string{"truncated", "C=2 H=6 W=7 K=3 F=3 M=4", "found"}},
		{"no checksum", good[:len(good)-4], []string{"truncated"}},
		{"trailing byte", append(bytes.Clone(good), 0), []string{"bytes after the checksum"}},
		{"flipped bit", set(40, []byte{good[40] ^ 1}), []string{"checksum", "corrupt"}},
		{"NaN in W", withCRC(set(32+8*3, f64(math.NaN()))), []string{"W[3] = NaN", "finite"}},
		{"+Inf in U", withCRC(set(32+8*(nW+weightsCfg.F+5), f64(math.Inf(1)))), []string{"U[5] = +Inf"}},
		{"-Inf in c", withCRC(set(len(good)-12, f64(math.Inf(-1)))), []string{"c[3] = -Inf"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := LoadParams(bytes.NewReader(tc.file))
			if err == nil {
				t.Fatalf("LoadParams = %v, want an error containing %q", cfg, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "weights: ") {
				t.Errorf("LoadParams error %q, want it to start with \"weights: \"", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("LoadParams error %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestNetLoadWeightsKeepsParamsOnError checks that a bad file, or a good
// file for another network, leaves a network's weights exactly as they
// were, and that a good file replaces them.
func TestNetLoadWeightsKeepsParamsOnError(t *testing.T) {
	n, err := New(weightsCfg, rand.New(rand.NewPCG(3, 3)))
	if err != nil {
		t.Fatal(err)
	}
	before := NewParams(weightsCfg)
	before.CopyFrom(&n.Params)
	_, good := savedWeights(t, weightsCfg, 4)
	_, other := savedWeights(t, Config{C: 2, H: 6, W: 7, K: 3, F: 3, M: 5}, 4)
	for _, tc := range []struct {
		name, want string
		file       []byte
	}{
		{"truncated", "truncated", good[:len(good)/2]},
		{"trailing", "bytes after", append(bytes.Clone(good), 1, 2, 3)},
		{"corrupt", "checksum", append(bytes.Clone(good[:len(good)-1]), good[len(good)-1]^0x80)},
		{"other config", "the file is for a network of C=2 H=6 W=7 K=3 F=3 M=5, this one is C=2 H=6 W=7 K=3 F=3 M=4", other},
	} {
		err := n.LoadWeights(bytes.NewReader(tc.file))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: LoadWeights error %v, want one containing %q", tc.name, err, tc.want)
		}
		if !sameBits(n.Params.W.Data, before.W.Data) || !sameBits(n.Params.B.Data, before.B.Data) ||
			!sameBits(n.Params.U.Data, before.U.Data) || !sameBits(n.Params.C.Data, before.C.Data) {
			t.Fatalf("%s: LoadWeights changed the weights although it failed", tc.name)
		}
	}
	if err := n.LoadWeights(bytes.NewReader(good)); err != nil {
		t.Fatalf("LoadWeights(good): %v", err)
	}
	var again bytes.Buffer
	if err := n.SaveWeights(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), good) {
		t.Errorf("SaveWeights after LoadWeights(f) differs from f")
	}
}

func TestSaveRefusesBadParams(t *testing.T) {
	p, _ := savedWeights(t, weightsCfg, 5)
	p.U.Data[7] = math.NaN()
	var buf bytes.Buffer
	if err := p.Save(&buf, weightsCfg); err == nil || !strings.Contains(err.Error(), "U[7] = NaN") {
		t.Errorf("Save(NaN in U[7]) error %v, want one naming U[7] = NaN", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Save(NaN) wrote %d bytes, want none", buf.Len())
	}
	q := NewParams(weightsCfg)
	other := Config{C: 2, H: 6, W: 7, K: 3, F: 3, M: 5}
	if err := q.Save(&buf, other); err == nil || !strings.Contains(err.Error(), "U has shape [4 12]") {
		t.Errorf("Save(params for M=4, config M=5) error %v, want one naming U's shape", err)
	}
	if err := q.Save(&buf, Config{C: 1, H: 2, W: 2, K: 3, F: 1, M: 2}); err == nil || !strings.Contains(err.Error(), "K = 3") {
		t.Errorf("Save(invalid config) error %v, want one naming K", err)
	}
}

// TestLoadParamsHostileHeaderMemory: a header declaring the largest valid
// network with no values behind it costs next to nothing.
func TestLoadParamsHostileHeaderMemory(t *testing.T) {
	b := []byte(weightsMagic)
	for _, v := range []uint32{1, 1, 4096, 4096, 1, 1, 2} { // U would have 2·4096² = 32M values
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	b = append(b, make([]byte, 1000)...)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := LoadParams(bytes.NewReader(b))
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("LoadParams(header only) succeeded")
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("LoadParams allocated %d bytes for a %d-byte file, want under 1 MiB (%v)", got, len(b), err)
	}
}

func FuzzLoadParams(f *testing.F) {
	_, good := savedWeights(f, Config{C: 1, H: 4, W: 4, K: 2, F: 2, M: 2}, 1)
	f.Add(good)
	f.Add(good[:40])
	f.Add(withCRC(append(bytes.Clone(good[:len(good)-4]), 0, 0, 0, 0)))
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, p, err := LoadParams(bytes.NewReader(b))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "weights: ") {
				t.Fatalf("LoadParams error %q does not start with \"weights: \"", err)
			}
			return
		}
		// The format is canonical: what loads saves back to the same bytes.
		var buf bytes.Buffer
		if err := p.Save(&buf, cfg); err != nil {
			t.Fatalf("Save(LoadParams(b)): %v", err)
		}
		if !bytes.Equal(buf.Bytes(), b) {
			t.Fatalf("Save(LoadParams(b)) differs from b")
		}
	})
}

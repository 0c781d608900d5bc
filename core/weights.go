package core

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"
)

// The weights file format, version 1. All integers are little-endian
// uint32, all values little-endian IEEE 754 float64:
//
//	offset  bytes  field
//	0       4      magic "BPLW" (Backprop Lab weights)
//	4       4      version, 1
//	8       24     the Config sizes C, H, W, K, F, M, in that order
//	32      8·n    W (F·C·K·K values), b (F), U (M·N), c (M), one after the other
//	32+8·n  4      CRC-32 (IEEE) of every byte before it
//
// where n = F·C·K·K + F + M·N + M. Each tensor is in its row-major order:
// W[f,c,i,j] is value ((f*C+c)*K+i)*K+j of W, and U[i,k] is value i*N+k of
// U, where k = (f*HP+u′)*WP+v′ is P's flatten order (f, u′, v′). The file is
// exactly that long: nothing may follow the checksum.
const (
	weightsMagic   = "BPLW"
	WeightsVersion = 1
	weightsHeader  = 32
)

// Save writes p, shaped for cfg, in the weights format (see WeightsVersion).
// It refuses, with an error and without writing anything, parameters whose
// shapes do not match cfg or that hold a NaN or an infinity, since such a
// file could not be loaded back.
func (p *Params) Save(w io.Writer, cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("weights: %v", err)
	}
	for _, t := range p.tensors(cfg) {
		if !slices.Equal(t.t.Shape, t.shape) || len(t.t.Data) != t.n() {
			return fmt.Errorf("weights: %s has shape %v (%d values), want %v for %v", t.name, t.t.Shape, len(t.t.Data), t.shape, cfg)
		}
	}
	if where, ok := p.Finite(); !ok {
		return fmt.Errorf("weights: %s: refusing to save parameters that are not finite numbers", where)
	}
	b := make([]byte, 0, weightsHeader+8*paramCount(cfg)+4)
	b = append(b, weightsMagic...)
	b = binary.LittleEndian.AppendUint32(b, WeightsVersion)
	for _, v := range [...]int{cfg.C, cfg.H, cfg.W, cfg.K, cfg.F, cfg.M} {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	for _, t := range p.tensors(cfg) {
		for _, v := range t.t.Data {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	_, err := w.Write(b)
	return err
}

// LoadParams reads a weights file (see WeightsVersion) and returns its
// Config and parameters. The whole file is checked before anything is
// returned: magic, version, sizes (Config.Validate), length (neither
// truncated nor followed by anything), checksum, and every value finite.
// Memory grows only with the bytes actually read. Errors start with
// "weights:" and say what was expected and what was found.
func LoadParams(r io.Reader) (Config, Params, error) {
	var hdr [weightsHeader]byte
	if n, err := io.ReadFull(r, hdr[:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return Config{}, Params{}, fmt.Errorf("weights: the file is truncated: its header has %d bytes, found %d", weightsHeader, n)
		}
		return Config{}, Params{}, fmt.Errorf("weights: reading the header: %v", err)
	}
	if string(hdr[:4]) != weightsMagic {
		return Config{}, Params{}, fmt.Errorf("weights: the file starts with %q, want %q: it is not a Backprop Lab weights file", hdr[:4], weightsMagic)
	}
	if v := binary.LittleEndian.Uint32(hdr[4:]); v != WeightsVersion {
		return Config{}, Params{}, fmt.Errorf("weights: format version %d, want %d: the file was written by another version of the program", v, WeightsVersion)
	}
	var size [6]int
	for i := range size {
		v := binary.LittleEndian.Uint32(hdr[8+4*i:])
		if v > MaxElems {
			// Validate would say so too, but int(v) could wrap on 32-bit
			// platforms (wasm is 64-bit; this keeps every port safe).
			v = MaxElems + 1
		}
		size[i] = int(v)
	}
	cfg := Config{C: size[0], H: size[1], W: size[2], K: size[3], F: size[4], M: size[5]}
	if err := cfg.Validate(); err != nil {
		return Config{}, Params{}, fmt.Errorf("weights: the file's sizes do not make a network: %v", err)
	}
	n := paramCount(cfg)
	body, err := readBody(r, 8*n+4)
	if err != nil {
		return Config{}, Params{}, fmt.Errorf("weights: %v: %v needs %d values and a checksum, %d bytes after the header; found %d", err, cfg, n, 8*n+4, len(body))
	}
	if err := expectEnd("weights", r, "the checksum"); err != nil {
		return Config{}, Params{}, err
	}
	h := crc32.NewIEEE()
	h.Write(hdr[:])
	h.Write(body[:8*n])
	if got, want := binary.LittleEndian.Uint32(body[8*n:]), h.Sum32(); got != want {
		return Config{}, Params{}, fmt.Errorf("weights: checksum 0x%08x, want 0x%08x: the file is corrupt", got, want)
	}
	p := NewParams(cfg)
	off := 0
	for _, t := range p.tensors(cfg) {
		for i := range t.t.Data {
			v := math.Float64frombits(binary.LittleEndian.Uint64(body[off:]))
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Config{}, Params{}, fmt.Errorf("weights: %s[%d] = %v, want a finite number", t.name, i, v)
			}
			t.t.Data[i] = v
			off += 8
		}
	}
	return cfg, p, nil
}

// SaveWeights writes the network's parameters in the weights format; see
// Params.Save.
func (n *Net) SaveWeights(w io.Writer) error { return n.Params.Save(w, n.Cfg) }

// LoadWeights reads a weights file (see LoadParams) into the network's
// parameters. The file must be valid as a whole and its Config must equal
// the network's; otherwise LoadWeights returns an error and leaves the
// parameters exactly as they were. Activations and gradients are not
// touched: run a forward pass before reading them.
func (n *Net) LoadWeights(r io.Reader) error {
	cfg, p, err := LoadParams(r)
	if err != nil {
		return err
	}
	if cfg != n.Cfg {
		return fmt.Errorf("weights: the file is for a network of %v, this one is %v", cfg, n.Cfg)
	}
	n.Complete() // from the parameters that the last Step saw
	n.Params.CopyFrom(&p)
	return nil
}

type namedTensor struct {
	name  string
	t     *Tensor
	shape []int
}

func (t namedTensor) n() int {
	n := 1
	for _, d := range t.shape {
		n *= d
	}
	return n
}

// tensors lists p's tensors in file order with the shapes cfg gives them.
func (p *Params) tensors(cfg Config) [4]namedTensor {
	return [4]namedTensor{
		{"W", &p.W, []int{cfg.F, cfg.C, cfg.K, cfg.K}},
		{"b", &p.B, []int{cfg.F}},
		{"U", &p.U, []int{cfg.M, cfg.N()}},
		{"c", &p.C, []int{cfg.M}},
	}
}

// paramCount is the number of parameters of cfg, F·C·K·K + F + M·N + M.
func paramCount(cfg Config) int {
	return cfg.F*cfg.C*cfg.K*cfg.K + cfg.F + cfg.M*cfg.N() + cfg.M
}

// Independent expected values for the damaged-channel test of packages/protocol.
//
// For each channel in ../../../packages/protocol/testdata/damaged-channels.input.json, truncated
// at every byte offset and corrupted at each sampled (offset, mask), it records the bytes the
// decompressor hands out before its first error (length and a SHA-256 prefix) and how many whole
// batches those bytes hold.
//
// zlib is read exactly as op-node reads it: compress/zlib over a bufio.Reader, keeping every
// byte returned before the error. brotli uses libbrotli's C decoder (cgo), fed one byte at a
// time, keeping the output of every call before the failing one. Batches are counted by an RLP
// walk written here from the spec: each must be a byte string holding a singular batch
// (type 0, then a canonical RLP list of exactly five fields) and nothing else.
//
// Run: go run .   (needs Go and libbrotli-dev)
package main

/*
#cgo LDFLAGS: -lbrotlidec
#include <brotli/decode.h>
#include <stdlib.h>
*/
import "C"

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

type corruption struct {
	Offset int `json:"offset"`
	Mask   int `json:"mask"`
}

type channel struct {
	Compression string       `json:"compression"`
	Data        string       `json:"data"`
	Corruptions []corruption `json:"corruptions"`
}

type input struct {
	BatchCount int       `json:"batchCount"`
	Channels   []channel `json:"channels"`
}

// expectation: [prefix length, first 8 bytes of sha256(prefix) as hex, whole batches, and for
// brotli the C decoder's error name ("" when it reported none)].
type expectation []interface{}

type channelResult struct {
	Compression string        `json:"compression"`
	Truncated   []expectation `json:"truncated"`
	Corrupted   []expectation `json:"corrupted"`
}

func zlibPrefix(data []byte) []byte {
	zr, err := zlib.NewReader(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil
	}
	var out []byte
	buf := make([]byte, 4096)
	for {
		n, err := zr.Read(buf)
		out = append(out, buf[:n]...)
		if err != nil {
			return out
		}
	}
}

func brotliPrefix(stream []byte) ([]byte, string) {
	state := C.BrotliDecoderCreateInstance(nil, nil, nil)
	defer C.BrotliDecoderDestroyInstance(state)
	outBuf := C.malloc(1 << 20)
	defer C.free(outBuf)
	inBuf := C.malloc(1)
	defer C.free(inBuf)
	var out []byte
	for i := 0; i < len(stream); i++ {
		*(*byte)(inBuf) = stream[i]
		availIn := C.size_t(1)
		nextIn := (*C.uint8_t)(inBuf)
		var call []byte
		for {
			availOut := C.size_t(1 << 20)
			nextOut := (*C.uint8_t)(outBuf)
			result := C.BrotliDecoderDecompressStream(state, &availIn, &nextIn, &availOut, &nextOut, nil)
			call = append(call, C.GoBytes(outBuf, C.int((1<<20)-availOut))...)
			switch result {
			case C.BROTLI_DECODER_RESULT_ERROR:
				// The failing call's output is not handed out.
				return out, C.GoString(C.BrotliDecoderErrorString(C.BrotliDecoderGetErrorCode(state)))
			case C.BROTLI_DECODER_RESULT_SUCCESS:
				return append(out, call...), ""
			case C.BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
				continue
			}
			break // needs more input
		}
		out = append(out, call...)
	}
	return out, ""
}

func prefixOf(compression string, data []byte) ([]byte, string) {
	if len(data) == 0 {
		return nil, ""
	}
	if compression == "zlib" {
		if data[0]&0x0f != 8 && data[0]&0x0f != 15 {
			return nil, ""
		}
		return zlibPrefix(data), ""
	}
	if data[0] != 0x01 {
		return nil, ""
	}
	return brotliPrefix(data[1:])
}

// --- RLP, from the spec, with geth's canonical rules ---

var errRLP = errors.New("rlp")

// item returns (isList, payload start, end) of the item at off within b[:limit].
func item(b []byte, off, limit int) (bool, int, int, error) {
	if off >= limit {
		return false, 0, 0, errRLP
	}
	p := int(b[off])
	switch {
	case p < 0x80:
		return false, off, off + 1, nil
	case p < 0xb8:
		n := p - 0x80
		if n == 1 && (off+1 >= limit || b[off+1] < 0x80) {
			return false, 0, 0, errRLP
		}
		e, err := checkEnd(off+1+n, limit)
		return false, off + 1, e, err
	case p < 0xc0, p >= 0xf8:
		size := p - 0xb7
		isList := p >= 0xf8
		if isList {
			size = p - 0xf7
		}
		if off+1+size > limit || b[off+1] == 0 {
			return false, 0, 0, errRLP
		}
		n := 0
		for _, c := range b[off+1 : off+1+size] {
			n = n*256 + int(c)
		}
		if n < 56 {
			return false, 0, 0, errRLP
		}
		start := off + 1 + size
		e, err := checkEnd(start+n, limit)
		return isList, start, e, err
	default:
		e, err := checkEnd(off+1+p-0xc0, limit)
		return true, off + 1, e, err
	}
}

func checkEnd(end, limit int) (int, error) {
	if end > limit {
		return 0, errRLP
	}
	return end, nil
}

func validUint(b []byte, start, end int, maxLen int) bool {
	return end-start <= maxLen && !(end > start && b[start] == 0)
}

func validSingularBatch(b []byte) bool {
	if len(b) == 0 || b[0] != 0 {
		return false
	}
	body := b[1:]
	isList, start, end, err := item(body, 0, len(body))
	if err != nil || !isList || end != len(body) {
		return false
	}
	var fields [][3]int
	for at := start; at < end; {
		l, s, e, err := item(body, at, end)
		if err != nil {
			return false
		}
		kind := 0
		if l {
			kind = 1
		}
		fields = append(fields, [3]int{kind, s, e})
		at = e
	}
	if len(fields) != 5 {
		return false
	}
	// The byte form of a single byte below 0x80 is the byte itself: its payload is that byte.
	str := func(f [3]int) bool { return f[0] == 0 }
	if !str(fields[0]) || fields[0][2]-fields[0][1] != 32 || !str(fields[2]) || fields[2][2]-fields[2][1] != 32 {
		return false
	}
	for _, i := range []int{1, 3} {
		if !str(fields[i]) || !validUint(body, fields[i][1], fields[i][2], 8) {
			return false
		}
	}
	txs := fields[4]
	if txs[0] != 1 {
		return false
	}
	for at := txs[1]; at < txs[2]; {
		l, _, e, err := item(body, at, txs[2])
		if err != nil || l {
			return false
		}
		at = e
	}
	return true
}

func countBatches(stream []byte) int {
	count := 0
	for at := 0; at < len(stream); {
		isList, start, end, err := item(stream, at, len(stream))
		if err != nil || isList || !validSingularBatch(stream[start:end]) {
			return count
		}
		count++
		at = end
	}
	return count
}

func expect(compression string, data []byte) expectation {
	prefix, brotliError := prefixOf(compression, data)
	sum := sha256.Sum256(prefix)
	e := expectation{len(prefix), hex.EncodeToString(sum[:8]), countBatches(prefix)}
	if compression == "brotli" {
		e = append(e, brotliError)
	}
	return e
}

func main() {
	raw, err := os.ReadFile("../../../packages/protocol/testdata/damaged-channels.input.json")
	if err != nil {
		panic(err)
	}
	var in input
	if err := json.Unmarshal(raw, &in); err != nil {
		panic(err)
	}
	var results []channelResult
	for _, ch := range in.Channels {
		data, err := hex.DecodeString(strings.TrimPrefix(ch.Data, "0x"))
		if err != nil {
			panic(err)
		}
		whole := expect(ch.Compression, data)
		if whole[2] != in.BatchCount {
			panic(fmt.Sprintf("%s: the whole channel holds %v batches, want %d", ch.Compression, whole[2], in.BatchCount))
		}
		res := channelResult{Compression: ch.Compression}
		for cut := 0; cut <= len(data); cut++ {
			res.Truncated = append(res.Truncated, expect(ch.Compression, data[:cut]))
		}
		for _, c := range ch.Corruptions {
			bad := append([]byte(nil), data...)
			bad[c.Offset] ^= byte(c.Mask)
			res.Corrupted = append(res.Corrupted, expect(ch.Compression, bad))
		}
		results = append(results, res)
	}
	out, err := json.Marshal(map[string]interface{}{
		"_source": "scripts/vectors/damaged-channels/main.go (Go compress/zlib; libbrotli C decoder)",
		"channels": results,
	})
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile("../../../packages/protocol/testdata/damaged-channels.expected.json", append(out, '\n'), 0o644); err != nil {
		panic(err)
	}
	fmt.Println("wrote damaged-channels.expected.json")
}

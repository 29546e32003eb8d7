package inspect

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"testing"
)

func md5Of(b []byte) []byte { h := md5.Sum(b); return h[:] }

// TestRC4KeyVector: the RC4 key derivation gives MS-OFFCRYPTO's (and
// msoffcrypto-tool's doctest) key for "password1".
func TestRC4KeyVector(t *testing.T) {
	salt, _ := hex.DecodeString("e8772c1d91c56a37964761b280183217")
	want, _ := hex.DecodeString("20bf32ddf540858c513744af0f24e03c")
	key := rc4Key("password1", salt) // the vector's password, not the default one
	if got := key(0); !bytes.Equal(got, want) {
		t.Fatalf("key = %x, want %x", got, want)
	}
	encV, _ := hex.DecodeString("c9e997d454973d310bb1ba701426837e")
	encH, _ := hex.DecodeString("b1de178f07e989c44dae5e4cf96ac407")
	if !verifyRC4(key, encV, encH, md5Of) {
		t.Fatal("verifier of the vector rejected")
	}
}

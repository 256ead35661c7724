package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/subtle"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/sim/safefile"
	"lattice/tui"
)

// CodeAlphabet is the alphabet of generated join codes, tui's for every
// code people read off a screen and type: capital letters and digits without
// the ones easily confused (I, O, 0, 1).
const CodeAlphabet = tui.CodeAlphabet

// CodeLen is the length of a generated join code.
const CodeLen = 6

// MaxCodeLen is the longest join code accepted, given or typed.
const MaxCodeLen = 16

// NewCode returns a fresh random join code of CodeLen characters from
// CodeAlphabet (tui.RandomCode: crypto/rand, no modulo bias).
func NewCode() string { return tui.RandomCode(CodeLen, CodeAlphabet) }

// CheckCode reports why a join code given on the command line is not
// usable ("" if it is): letters and digits only, 4 to MaxCodeLen of them.
func CheckCode(code string) string {
	if n := len(code); n < 4 || n > MaxCodeLen {
		return fmt.Sprintf("a join code has 4 to %d letters and digits (got %d characters)", MaxCodeLen, len(code))
	}
	for _, r := range code {
		if !isAlnum(r) {
			return fmt.Sprintf("a join code has letters and digits only (got %q)", r)
		}
	}
	return ""
}

func isAlnum(r rune) bool {
	return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9'
}

// codeEqual compares a typed code with a game's in constant time (codes are
// compared without regard to case).
func codeEqual(typed, code string) bool {
	if code == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.ToUpper(typed)), []byte(strings.ToUpper(code))) == 1
}

// Fingerprint is a key's SHA-256 fingerprint as OpenSSH prints it
// ("SHA256:…"), "" for nil.
func Fingerprint(k gossh.PublicKey) string {
	if k == nil {
		return ""
	}
	return gossh.FingerprintSHA256(k)
}

// KeySet is a set of public keys by fingerprint.
type KeySet map[string]bool

// Has reports whether the set holds the key with fingerprint fp.
func (s KeySet) Has(fp string) bool { return fp != "" && s[fp] }

// ReadKeys reads an authorized_keys file (one key a line; blank lines and
// # comments skipped; options before the key allowed). Every line that is
// not a key is reported, as path:line: message.
func ReadKeys(path string) (KeySet, error) {
	data, err := readKeyFile(path)
	if err != nil {
		return nil, err
	}
	set := KeySet{}
	var errs []error
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: not a public key (%v)", path, i+1, err))
			continue
		}
		set[Fingerprint(k)] = true
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return set, nil
}

// DefaultHostKeyPath is where the server's host key is kept by default:
// beside the journals, $XDG_STATE_HOME/lattice/ssh_host_ed25519.
func DefaultHostKeyPath() (string, error) {
	dir, err := journal.DefaultDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(dir), "ssh_host_ed25519"), nil
}

// EnsureHostKey makes sure an Ed25519 host key exists at path, generating
// it once (mode 0600, written atomically) and reusing it afterwards. A key
// file readable by others is made private again, and a note says so (but
// on Windows, where access is by the folder's permissions).
func EnsureHostKey(path string) (note string, err error) {
	info, err := os.Stat(path)
	switch {
	case err == nil:
		if why := notKeyFile(path, info); why != nil {
			// Before the chmod below: run as root, --host-key /dev/zero
			// made the device private.
			return "", fmt.Errorf("host key %w", why)
		}
		// Windows has no such mode bits (every writable file reads as
		// 0666): the user's profile folder keeps the key private there.
		if info.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows" {
			if err := os.Chmod(path, 0o600); err != nil {
				return "", fmt.Errorf("host key %s is readable by others and cannot be made private: %v", path, err)
			}
			note = fmt.Sprintf("host key %s was readable by others (mode %04o); it is 0600 now", path, info.Mode().Perm())
		}
		data, err := readKeyFile(path)
		if err != nil {
			return note, fmt.Errorf("host key %w", err)
		}
		if _, err := gossh.ParsePrivateKey(data); err != nil {
			return note, unusableHostKey(path, data, err)
		}
		return note, nil
	case !errors.Is(err, os.ErrNotExist):
		return "", err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	block, err := gossh.MarshalPrivateKey(priv, "lattice serve host key")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("cannot keep the host key: %v", err)
	}
	if err := safefile.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return "", fmt.Errorf("cannot write the host key: %v", err)
	}
	if err := os.Chmod(path, 0o600); err != nil { // whatever the umask did
		return "", err
	}
	return fmt.Sprintf("generated a new host key in %s", path), nil
}

// unusableHostKey says why the host key file at path, of contents data,
// could not be parsed (err), and what to do: it said only "ssh: no key
// found" for an empty file (a disk full when it was written, a touch).
func unusableHostKey(path string, data []byte, err error) error {
	why := sim.Sanitize(err.Error(), false)
	var pe *gossh.PassphraseMissingError
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		why = "the file is empty"
	case errors.As(err, &pe):
		why = "the key has a passphrase, which a server cannot type"
	}
	return fmt.Errorf("host key %s is not a usable private key (%s): delete it to have a new one generated (students' ssh will then warn that the server's key changed), or give --host-key another key file", path, why)
}

// HostKeyFingerprint returns the fingerprint of the host key at path ("" if
// it cannot be read), for students to check when ssh first asks.
func HostKeyFingerprint(path string) string {
	data, err := readKeyFile(path)
	if err != nil {
		return ""
	}
	s, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return ""
	}
	return Fingerprint(s.PublicKey())
}

// maxKeyFile bounds the key files read (authorized_keys, the host key): far
// beyond any real one (a thousand keys take under 1 MB), and short of
// reading /dev/zero, given by mistake, until the machine runs out of
// memory (it did: 24 GB, then the kernel killed the server).
const maxKeyFile = 4 << 20

// readKeyFile reads the key file at path, refusing what is not a regular
// file (a directory, a device, a named pipe, which would block) and what is
// over maxKeyFile. Its errors begin with the path.
func readKeyFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, pathError(path, err)
	}
	if why := notKeyFile(path, info); why != nil {
		return nil, why
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, pathError(path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, pathError(path, err)
	}
	if len(data) > maxKeyFile {
		return nil, fmt.Errorf("%s: over %d MB: not a key file", path, maxKeyFile>>20)
	}
	return data, nil
}

// notKeyFile says why the file at path, of the given info, cannot be a key
// file (nil if it can).
func notKeyFile(path string, info os.FileInfo) error {
	switch m := info.Mode(); {
	case m.IsDir():
		return fmt.Errorf("%s: is a directory: give the path of a key file", path)
	case !m.IsRegular():
		return fmt.Errorf("%s: is %s, not a key file", path, safefile.Kind(m))
	}
	return nil
}

// pathError is err of the file at path, said "path: reason" (an
// *os.PathError's own operation and path dropped).
func pathError(path string, err error) error {
	if pe, ok := err.(*os.PathError); ok {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// debian.mod — the module file for building with -tags bt_ext from
// Debian's packaged golang.org/x modules (golang-golang-x-crypto-dev and
// what it depends on, under /usr/share/gocode), so SHA3-256 is measured
// without downloading anything:
//
//	go test -modfile=debian.mod -tags bt_ext -run '^$' -bench . ./stdlib/
//
// The plain go.mod stays free of requirements, so the default build needs
// nothing beyond the standard library.
module benchtrack.local/benchmarks

go 1.18

require golang.org/x/crypto v0.4.0

replace (
	golang.org/x/crypto => /usr/share/gocode/src/golang.org/x/crypto
	golang.org/x/net => /usr/share/gocode/src/golang.org/x/net
	golang.org/x/sys => /usr/share/gocode/src/golang.org/x/sys
	golang.org/x/term => /usr/share/gocode/src/golang.org/x/term
	golang.org/x/text => /usr/share/gocode/src/golang.org/x/text
)

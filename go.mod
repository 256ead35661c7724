module lattice

go 1.26.0

require github.com/BurntSushi/toml v1.6.0

require golang.org/x/exp v0.0.0-20261113113407-e3970619a1a4

package scenario

import (
	"fmt"
	"io"
	"io/fs"
)

// ReadSource reads a scenario (or record) file from r, which was opened as
// name and is described by st (nil for standard input). It is the one reader
// of every file the loaders take, so that no path can make brink read
// without bound: a folder, a device (/dev/zero, or a link to one) or a
// socket is refused before reading; a regular file larger than MaxFileSize
// is refused by its size; anything else (a pipe) is read to at most one
// byte past MaxFileSize, which the loader then reports as too big.
func ReadSource(r io.Reader, st fs.FileInfo, name string) ([]byte, error) {
	if st != nil {
		mode := st.Mode()
		switch {
		case mode.IsDir():
			return nil, fmt.Errorf("%s is a folder, not a file", name)
		case mode&(fs.ModeDevice|fs.ModeCharDevice) != 0:
			return nil, fmt.Errorf("%s is a device, not a file (give a file, or - for standard input)", name)
		case mode&(fs.ModeSocket|fs.ModeIrregular) != 0:
			return nil, fmt.Errorf("%s is not a regular file or a pipe", name)
		case mode.IsRegular() && st.Size() > MaxFileSize:
			return nil, Problems{{File: name, Pos: Pos{1, 1}, Msg: fmt.Sprintf("file is %d bytes; the limit is %d (1 MiB)", st.Size(), MaxFileSize)}}
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return data, nil
}

//go:build unix

package parser

import (
	"errors"
	"io/fs"
	"syscall"
)

// readLimited reads a regular file of at most limit bytes with the fewest
// system calls: open, fstat, read to EOF, close. os.ReadFile costs twice as
// many (it registers the descriptor with the poller and unregisters it), and
// a lint run reads thousands of small files. The file is opened
// non-blocking, so a FIFO named on the command line is an error instead of
// a hang. Errors are *fs.PathError, like the os package's.
func readLimited(path string, limit int64) (data []byte, size int64, err error) {
	var fd int
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return nil, 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, 0, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	default:
		return nil, 0, &fs.PathError{Op: "read", Path: path, Err: errors.New("not a regular file")}
	}
	if st.Size > limit {
		return nil, st.Size, nil
	}
	// One byte more than the size, so a file that did not grow is read in
	// one call and the next returns EOF.
	buf := make([]byte, 0, st.Size+1)
	for {
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if errors.Is(err, syscall.EINTR) || errors.Is(err, syscall.EAGAIN) {
			continue
		}
		if err != nil {
			return nil, 0, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n <= 0 {
			return buf, int64(len(buf)), nil
		}
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, int64(len(buf)), nil
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

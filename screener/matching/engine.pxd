# Declarations the compiled engine uses beyond Cython's own (engine.py reads them only when
# compiled: see ``_settled`` there).
cdef extern from "Python.h":
    void PyObject_GC_UnTrack(object op)

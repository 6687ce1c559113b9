# The fields of records.py's extension types, for the compiled modules that cimport them
# (keep in step with records.py). Compiled, records.settled uses PyObject_GC_UnTrack.
cdef extern from "Python.h":
    void PyObject_GC_UnTrack(object op)

cdef object settled(object x)
cdef object bits(object s, object e)

cdef class Span:
    cdef public tuple exps
    cdef public tuple ids
    cdef public str meta
    cdef public str skel
    cdef public str fold

cdef class Token:
    cdef public double weight
    cdef public double eff
    cdef public Span span
    cdef public double contrib
    cdef public tuple rare

cdef class LongWord:
    cdef public bint known
    cdef public tuple parts

cdef class Query:
    cdef public object norm
    cdef public tuple tokens
    cdef public list eff
    cdef public list span_text
    cdef public list span_start
    cdef public list span_end
    cdef public list span_rec
    cdef public list span_w
    cdef public list span_wmax
    cdef public list span_mask
    cdef public dict rare
    cdef public list contrib
    cdef public list pos_gain
    cdef public list pos_cost
    cdef public list pos_cost_org
    cdef public list pos_vsets
    cdef public list pos_generic
    cdef public list initials
    cdef public list run_initials
    cdef public double reach
    cdef public double lost
    cdef public double slack
    cdef public dict qinv

cdef class IndexedName:
    cdef public Py_ssize_t nid
    cdef public str key
    cdef public Py_ssize_t alias
    cdef public str raw
    cdef public object norm
    cdef public tuple vids
    cdef public tuple spans
    cdef public tuple betas
    cdef public bint person
    cdef public str joined
    cdef public tuple plain
    cdef public str plain_key
    cdef public frozenset initials
    cdef public double beta_min
    cdef public tuple roles

cdef class AlignedPair:
    cdef public Py_ssize_t span
    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public double sim
    cdef public double weight

cdef AlignedPair aligned_pair(Py_ssize_t span, Py_ssize_t start, Py_ssize_t end, double sim, double weight)

cdef class Alignment:
    cdef public list pairs
    cdef public list unaligned_query
    cdef public list unaligned_name
    cdef public bint capped
    cdef public object verdict
    cdef public list lsim
    cdef public list lq
    cdef public list ql
    cdef public list qsim

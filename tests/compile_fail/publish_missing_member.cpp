// Publishing a name the class does not have does not compile.
// expect: 'nope' is not a member of 'Published'|no member named 'nope' in 'Published'
#include "common.hpp"

class Published : public pykka::ThreadingActor {
 public:
  int add(int a, int b) { return a + b; }
#ifdef PYKKA_COMPILE_FAIL
  PYKKA_MEMBERS(Published, add, nope)
#else
  PYKKA_MEMBERS(Published, add)
#endif
};

const pykka::detail::MemberTable* table = pykka::detail::member_table_of<Published>();

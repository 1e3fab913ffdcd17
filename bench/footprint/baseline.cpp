// The empty program every footprint figure is measured against.
int main() { return 0; }

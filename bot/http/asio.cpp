// The one translation unit that compiles Boost.Asio (with its SSL part) and Boost.Beast, so every other
// file includes their headers without their definitions (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION, set for the whole library in bot/http/sources.cmake).

#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>

<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-customers.xsl: the Kundenstamm list (or how to switch it on in the Grundeinstellungen). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_admin.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('customers.title')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="kp:t('customers.title')"/></h1>
    <xsl:choose>
      <xsl:when test="customers/@master = '0'">
        <p class="alert"><xsl:value-of select="kp:t('customers.off')"/></p>
        <p><a class="button" href="{$mount}/settings"><xsl:value-of select="kp:t('nav.settings')"/></a></p>
      </xsl:when>
      <xsl:otherwise>
        <div class="toolbar">
          <form method="get" action="{$mount}/customers" class="search" role="search">
            <label for="q" class="sr"><xsl:value-of select="kp:t('list.search')"/></label>
            <input type="search" id="q" name="q" value="{customers/@q}" placeholder="{kp:t('list.search')}"/>
            <button type="submit"><xsl:value-of select="kp:t('list.search_go')"/></button>
          </form>
          <a class="button primary" href="{$mount}/customers/new"><xsl:value-of select="kp:t('customer.new')"/></a>
        </div>
        <xsl:choose>
          <xsl:when test="customers/customer">
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col"><xsl:value-of select="kp:t('customer.name')"/></th>
                    <th scope="col"><xsl:value-of select="kp:t('customer.number')"/></th>
                    <th scope="col"><xsl:value-of select="kp:t('customer.projects')"/></th>
                    <th scope="col"><xsl:value-of select="kp:t('project.portal')"/></th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:for-each select="customers/customer">
                    <tr>
                      <td><a href="{$mount}/customers/{@id}"><xsl:value-of select="name"/></a></td>
                      <td><xsl:value-of select="number"/></td>
                      <td><xsl:value-of select="@projects"/></td>
                      <td><xsl:value-of select="kp:t(concat('yesno.', @portal))"/></td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
          </xsl:when>
          <xsl:when test="string(customers/@q)"><p class="empty"><xsl:value-of select="kp:t('list.no_match')"/></p></xsl:when>
          <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('customers.none')"/></p></xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="pager"><xsl:with-param name="base" select="'/customers'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
